/** upsample2d: nearest-neighbour upsampling, out[c][y][x] = in[c][⌊y/f⌋][⌊x/f⌋] (torch.nn.Upsample, mode 'nearest'). */
import { imageShape, positiveInt, type Spec, type WebLayer } from './unit.js';

/** The factor, 2 unless given (as the native core); the ONNX writer reads it here too. */
export const upsampleFactor = (spec: Spec) => positiveInt(spec, 'factor', 2);

export const upsample2d: WebLayer = {
  outShape(spec, inShape) {
    const [C, H, W] = imageShape(spec, inShape), f = upsampleFactor(spec);
    return [C, H * f, W * f];
  },
  tensors: () => [],
  build(spec, inShape) {
    const [C, H, W] = imageShape(spec, inShape), f = upsampleFactor(spec);
    const OH = H * f, OW = W * f;
    return (x) => {
      const y = new Float32Array(C * OH * OW);
      for (let c = 0; c < C; c++)
        for (let oy = 0; oy < OH; oy++) {
          const row = (c * H + Math.floor(oy / f)) * W, out = (c * OH + oy) * OW;
          for (let ox = 0; ox < OW; ox++) y[out + ox] = x[row + Math.floor(ox / f)];
        }
      return y;
    };
  },
  gpu(spec, inShape, _tensors, gpu) {
    const [C, H, W] = imageShape(spec, inShape), f = upsampleFactor(spec), OH = H * f, OW = W * f;
    return gpu.kernel({
      outSize: C * OH * OW,
      body: `let c = k / ${OH * OW}u; let oy = (k / ${OW}u) % ${OH}u; y[i] = x[n * ${C * H * W}u + (c * ${H}u + oy / ${f}u) * ${W}u + (k % ${OW}u) / ${f}u];`,
    });
  },
};
