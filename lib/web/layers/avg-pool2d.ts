/** avgPool2d: the mean of each non-overlapping poolSize × poolSize block (torch.nn.AvgPool2d, stride = poolSize). */
import { WebModelError } from '../errors.js';
import { imageShape, positiveInt, type Spec, type WebLayer } from './unit.js';

/** The pool size, 2 unless given (as the native core), checked to divide the image; the ONNX writer reads it here too. */
export function poolSize(spec: Spec, inShape: number[]): number {
  const [, H, W] = imageShape(spec, inShape), p = positiveInt(spec, 'poolSize', 2);
  if (H % p !== 0 || W % p !== 0) throw new WebModelError(`avgPool2d.poolSize ${p} does not divide the input [${inShape}]`);
  return p;
}

export const avgPool2d: WebLayer = {
  outShape(spec, inShape) {
    const p = poolSize(spec, inShape);
    return [inShape[0], inShape[1] / p, inShape[2] / p];
  },
  tensors: () => [],
  build(spec, inShape) {
    const p = poolSize(spec, inShape), [C, H, W] = inShape, OH = H / p, OW = W / p;
    return (x) => {
      const y = new Float32Array(C * OH * OW);
      for (let c = 0; c < C; c++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++) {
            let sum = 0;
            for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) sum += x[(c * H + oy * p + i) * W + ox * p + j];
            y[(c * OH + oy) * OW + ox] = sum / (p * p);
          }
      return y;
    };
  },
  gpu(spec, inShape, _tensors, gpu) {
    const p = poolSize(spec, inShape), [C, H, W] = inShape, OH = H / p, OW = W / p;
    return gpu.kernel({
      outSize: C * OH * OW,
      body: `
        let c = k / ${OH * OW}u; let oy = (k / ${OW}u) % ${OH}u; let ox = k % ${OW}u;
        var sum = 0.0;
        for (var u = 0u; u < ${p}u; u++) {
          for (var v = 0u; v < ${p}u; v++) { sum += x[n * ${C * H * W}u + (c * ${H}u + oy * ${p}u + u) * ${W}u + ox * ${p}u + v]; }
        }
        y[i] = sum / ${p * p}.0;`,
    });
  },
};
