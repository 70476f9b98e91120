/** conditionalBatchNorm in evaluation mode: per channel, (x - running_mean) / sqrt(running_var + eps), then the
 *  scale and shift of the sample's label, rows of weight / bias [classes, C] (tflib's cond_batchnorm). */
import { NORM_EPSILON } from './geometry.js';
import { labelRow, positiveInt, size, type WebLayer } from './unit.js';

const inverseOf = (t: Record<string, Float32Array>) => t.running_var.map((v) => 1 / Math.fround(Math.sqrt(Math.fround(v + NORM_EPSILON))));

export const conditionalBatchNorm: WebLayer = {
  outShape: (_spec, inShape) => inShape,
  tensors: (spec, inShape) => [
    ['weight', [positiveInt(spec, 'classes'), inShape[0]]],
    ['bias', [positiveInt(spec, 'classes'), inShape[0]]],
    ['running_mean', [inShape[0]]],
    ['running_var', [inShape[0]]],
  ],
  build(spec, inShape, t) {
    const classes = positiveInt(spec, 'classes'), plane = size(inShape) / inShape[0], inverse = inverseOf(t);
    return (x, label) => {
      const gamma = labelRow(t.weight, classes, label), beta = labelRow(t.bias, classes, label);
      return x.map((v, i) => {
        const c = Math.floor(i / plane);
        return (v - t.running_mean[c]) * inverse[c] * gamma[c] + beta[c];
      });
    };
  },
  gpu: (_spec, inShape, t, gpu) =>
    gpu.kernel({
      outSize: size(inShape),
      tensors: { mu: t.running_mean, inv: inverseOf(t), gamma: t.weight, beta: t.bias },
      body: `let c = k / ${size(inShape) / inShape[0]}u; let row = label[n] * ${inShape[0]}u + c; y[i] = (x[i] - mu[c]) * inv[c] * gamma[row] + beta[row];`,
    }),
};
