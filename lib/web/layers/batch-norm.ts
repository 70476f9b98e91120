/** batchNorm in evaluation mode: per channel, (x - running_mean) / sqrt(running_var + eps) · weight + bias. */
import { NORM_EPSILON } from './geometry.js';
import { size, type WebLayer } from './unit.js';

const scaleOf = (t: Record<string, Float32Array>) => t.weight.map((g, c) => g / Math.fround(Math.sqrt(Math.fround(t.running_var[c] + NORM_EPSILON))));

export const batchNorm: WebLayer = {
  outShape: (_spec, inShape) => inShape,
  tensors: (_spec, inShape) => ['weight', 'bias', 'running_mean', 'running_var'].map((name) => [name, [inShape[0]]] as [string, number[]]),
  build(_spec, inShape, t) {
    const plane = size(inShape) / inShape[0], scale = scaleOf(t);
    return (x) => x.map((v, i) => {
      const c = Math.floor(i / plane);
      return (v - t.running_mean[c]) * scale[c] + t.bias[c];
    });
  },
  gpu: (_spec, inShape, t, gpu) =>
    gpu.kernel({
      outSize: size(inShape),
      tensors: { mu: t.running_mean, sc: scaleOf(t), bs: t.bias },
      body: `let c = k / ${size(inShape) / inShape[0]}u; y[i] = (x[i] - mu[c]) * sc[c] + bs[c];`,
    }),
};
