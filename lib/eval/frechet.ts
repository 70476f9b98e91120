/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (the distance behind FID):
 * ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½). tr((Σ₁Σ₂)^½) is computed as tr((A Σ₂ A)^½) with A = Σ₁^½,
 * a symmetric positive semi-definite matrix, so two symmetric eigendecompositions (ml-matrix) suffice.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface FeatureStats {
  mean: Float64Array;
  /** dim × dim, row-major */
  covariance: Float64Array;
  dim: number;
  count: number;
}

/** Mean and (unbiased) covariance of n feature vectors of `dim` values each. */
export function featureStats(features: Float32Array, dim: number): FeatureStats {
  const n = features.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += features[i * dim + d] / n;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) centred[d] = features[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b] / Math.max(n - 1, 1);
      covariance[a * dim + b] = covariance[b * dim + a] = v;
    }
  return { mean, covariance, dim, count: n };
}

function symmetric(values: Float64Array, dim: number): Matrix {
  return new Matrix(Array.from({ length: dim }, (_, r) => Array.from(values.subarray(r * dim, (r + 1) * dim))));
}

/** The square root of a symmetric positive semi-definite matrix (round-off negatives clipped to 0). */
function sqrtPsd(m: Matrix): Matrix {
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const roots = Matrix.diag(e.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0))));
  return v.mmul(roots).mmul(v.transpose());
}

export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  if (a.dim !== b.dim) throw new RangeError(`feature dimensions differ: ${a.dim} vs ${b.dim}`);
  const dim = a.dim;
  let meanTerm = 0, traces = 0;
  for (let d = 0; d < dim; d++) {
    meanTerm += (a.mean[d] - b.mean[d]) ** 2;
    traces += a.covariance[d * dim + d] + b.covariance[d * dim + d];
  }
  const rootA = sqrtPsd(symmetric(a.covariance, dim));
  const inner = rootA.mmul(symmetric(b.covariance, dim)).mmul(rootA);
  const innerSym = inner.add(inner.transpose()).div(2); // remove round-off asymmetry
  const e = new EigenvalueDecomposition(innerSym, { assumeSymmetric: true });
  const crossTrace = e.realEigenvalues.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return Math.max(meanTerm + traces - 2 * crossTrace, 0);
}
