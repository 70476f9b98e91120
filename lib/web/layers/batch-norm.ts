/** batchNorm in evaluation mode: per channel, (x - running_mean) / sqrt(running_var + eps) · weight + bias. */
import { NORM_EPSILON } from './geometry.js';
import { size, type WebLayer } from './unit.js';

export const batchNorm: WebLayer = {
  outShape: (_spec, inShape) => inShape,
  tensors: (_spec, inShape) => ['weight', 'bias', 'running_mean', 'running_var'].map((name) => [name, [inShape[0]]] as [string, number[]]),
  build(_spec, inShape, t) {
    const plane = size(inShape) / inShape[0];
    const scale = t.weight.map((g, c) => g / Math.fround(Math.sqrt(Math.fround(t.running_var[c] + NORM_EPSILON))));
    return (x) => x.map((v, i) => {
      const c = Math.floor(i / plane);
      return (v - t.running_mean[c]) * scale[c] + t.bias[c];
    });
  },
};
