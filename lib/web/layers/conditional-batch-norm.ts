/** conditionalBatchNorm in evaluation mode: per channel, (x - running_mean) / sqrt(running_var + eps), then the
 *  scale and shift of the sample's label, rows of weight / bias [classes, C] (tflib's cond_batchnorm). */
import { NORM_EPSILON } from './geometry.js';
import { labelRow, positiveInt, size, type WebLayer } from './unit.js';

export const conditionalBatchNorm: WebLayer = {
  outShape: (_spec, inShape) => inShape,
  tensors: (spec, inShape) => [
    ['weight', [positiveInt(spec, 'classes'), inShape[0]]],
    ['bias', [positiveInt(spec, 'classes'), inShape[0]]],
    ['running_mean', [inShape[0]]],
    ['running_var', [inShape[0]]],
  ],
  build(spec, inShape, t) {
    const classes = positiveInt(spec, 'classes'), plane = size(inShape) / inShape[0];
    const inverse = t.running_var.map((v) => 1 / Math.fround(Math.sqrt(Math.fround(v + NORM_EPSILON))));
    return (x, label) => {
      const gamma = labelRow(t.weight, classes, label), beta = labelRow(t.bias, classes, label);
      return x.map((v, i) => {
        const c = Math.floor(i / plane);
        return (v - t.running_mean[c]) * inverse[c] * gamma[c] + beta[c];
      });
    };
  },
};
