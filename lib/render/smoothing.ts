/**
 * Exponential moving average over iterations, for curves too noisy to read. The decay is per
 * iteration (time constant `tau` iterations), not per point, so a curve smooths the same whether it
 * has a point every iteration, every 100 (held-out), or one per downsampled bucket. Weighted and
 * normalised (Σ wᵢyᵢ / Σ wᵢ), so the first points are not pulled towards 0 (TensorBoard's debiasing).
 * Shared by the PNG charts and the dashboard page.
 */
export function smoothEma(x: ArrayLike<number>, y: ArrayLike<number | null>, tau: number, counts?: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(y.length);
  let num = 0, den = 0, lastX = NaN;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    const decay = tau > 0 && den > 0 ? Math.exp(-Math.max(0, x[i] - lastX) / tau) : 0;
    const w = counts ? counts[i] : 1;
    num = decay * num + w * v;
    den = decay * den + w;
    lastX = x[i];
    out[i] = num / den;
  }
  return out;
}

/** The time constant for a smoothing given as a share of the x span (0: none). */
export const smoothingTau = (share: number, xSpan: number) => Math.max(0, share) * Math.max(0, xSpan);
