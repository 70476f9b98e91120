/** layerNorm: per-sample normalisation over all features, weight and bias shaped like the input. */
import { NORM_EPSILON } from './geometry.js';
import type { WebLayer } from './unit.js';

export const layerNorm: WebLayer = {
  outShape: (_spec, inShape) => inShape,
  tensors: (_spec, inShape) => [['weight', inShape], ['bias', inShape]],
  build: (_spec, _inShape, { weight, bias }) => (x) => {
    let mean = 0, sq = 0;
    for (const v of x) mean += v;
    mean /= x.length;
    for (const v of x) sq += (v - mean) ** 2;
    const sigma = Math.sqrt(sq / x.length + NORM_EPSILON);
    return x.map((v, i) => weight[i] * ((v - mean) / sigma) + bias[i]);
  },
};
