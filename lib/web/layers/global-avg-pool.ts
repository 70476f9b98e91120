/** globalAvgPool: the mean of each channel's plane, [C, H, W] → [C]. */
import { imageShape, type WebLayer } from './unit.js';

export const globalAvgPool: WebLayer = {
  outShape: (spec, inShape) => [imageShape(spec, inShape)[0]],
  tensors: () => [],
  build(spec, inShape) {
    const [C, H, W] = imageShape(spec, inShape), plane = H * W;
    return (x) => {
      const y = new Float32Array(C);
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let k = c * plane; k < (c + 1) * plane; k++) sum += x[k];
        y[c] = sum / plane;
      }
      return y;
    };
  },
  gpu(spec, inShape, _tensors, gpu) {
    const [C, H, W] = imageShape(spec, inShape), plane = H * W;
    return gpu.kernel({
      outSize: C,
      body: `
        var sum = 0.0;
        for (var j = 0u; j < ${plane}u; j++) { sum += x[(n * ${C}u + k) * ${plane}u + j]; }
        y[i] = sum / ${plane}.0;`,
    });
  },
};
