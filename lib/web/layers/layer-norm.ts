/** layerNorm: per-sample normalisation over all features, weight and bias shaped like the input. */
import { wgslFloat } from '../gpu/kernel.js';
import { NORM_EPSILON } from './geometry.js';
import { size, type WebLayer } from './unit.js';

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
  gpu(_spec, inShape, { weight, bias }, gpu) {
    const S = size(inShape);
    // a first kernel writes each sample's mean (k = 0) and sigma (k = 1), the second normalises
    const stats = gpu.kernel({
      outSize: 2,
      body: `
        var mean = 0.0;
        for (var j = 0u; j < ${S}u; j++) { mean += x[n * ${S}u + j]; }
        mean /= ${S}.0;
        if (k == 0u) { y[i] = mean; return; }
        var sq = 0.0;
        for (var j = 0u; j < ${S}u; j++) { let d = x[n * ${S}u + j] - mean; sq += d * d; }
        y[i] = sqrt(sq / ${S}.0 + ${wgslFloat(NORM_EPSILON)});`,
    });
    const normalise = gpu.kernel({
      outSize: S,
      inputs: ['x', 'stats'],
      tensors: { wt: weight, bs: bias },
      body: `y[i] = wt[k] * ((x[i] - stats[2u * n]) / stats[2u * n + 1u]) + bs[k];`,
    });
    return (pass, x) => normalise(pass, x, stats(pass, x));
  },
};
