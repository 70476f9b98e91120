/**
 * Sample-quality metrics of the 2-D toy sets. Gaussian mixtures: a sample is high quality when it lies
 * within 3 standard deviations of some mode's centre; a mode is covered when at least MODE_MIN_SHARE of
 * its fair share (1/modes) of the samples lie there. Swiss roll: the distance of each sample to the
 * noiseless spiral, and the share within 3 noise standard deviations of it.
 */
import { EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD, TWENTY_FIVE_GAUSSIAN_CENTRES, TWENTY_FIVE_GAUSSIAN_STD, type ToyName } from '../datasets/toy.js';

/** A mode counts as covered when it holds at least this fraction of its fair share of the samples. */
export const MODE_MIN_SHARE = 0.25;
export const STD_MULTIPLE = 3;

export interface ModeCoverage {
  kind: 'modes';
  modes: number;
  covered: number;
  /** share of samples within 3 std of some centre */
  highQualityShare: number;
  /** samples within 3 std of each centre, in centre order */
  perMode: number[];
  samples: number;
}

export interface ManifoldDistance {
  kind: 'manifold';
  /** mean distance to the noiseless spiral, in data units */
  meanDistance: number;
  /** share of samples within 3 noise std of the spiral */
  nearShare: number;
  samples: number;
}

export type ToyMetrics = ModeCoverage | ManifoldDistance;

export function modeCoverage(points: Float32Array, centres: [number, number][], std: number): ModeCoverage {
  const n = points.length / 2, radius = STD_MULTIPLE * std;
  const perMode = new Array<number>(centres.length).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i], y = points[2 * i + 1];
    let best = -1, bestDist = Infinity;
    centres.forEach(([cx, cy], k) => {
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestDist) [best, bestDist] = [k, d];
    });
    if (bestDist <= radius) {
      perMode[best]++;
      good++;
    }
  }
  const minCount = (MODE_MIN_SHARE * n) / centres.length;
  return { kind: 'modes', modes: centres.length, covered: perMode.filter((c) => c >= minCount && c > 0).length, highQualityShare: good / n, perMode, samples: n };
}

/** gan_toy.py's swiss roll: t in [1.5π, 4.5π], (t cos t, t sin t) / 7.5, noise 0.25 / 7.5. */
const SPIRAL = Array.from({ length: 4000 }, (_, i) => {
  const t = 1.5 * Math.PI * (1 + (2 * i) / 3999);
  return [(t * Math.cos(t)) / 7.5, (t * Math.sin(t)) / 7.5] as const;
});
const SWISS_NOISE = 0.25 / 7.5;

export function manifoldDistance(points: Float32Array): ManifoldDistance {
  const n = points.length / 2;
  let sum = 0, near = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (const [sx, sy] of SPIRAL) best = Math.min(best, (points[2 * i] - sx) ** 2 + (points[2 * i + 1] - sy) ** 2);
    const d = Math.sqrt(best);
    sum += d;
    if (d <= STD_MULTIPLE * SWISS_NOISE) near++;
  }
  return { kind: 'manifold', meanDistance: sum / n, nearShare: near / n, samples: n };
}

export function toyMetrics(dataset: ToyName, points: Float32Array): ToyMetrics {
  switch (dataset) {
    case 'toy-8gaussians':
      return modeCoverage(points, EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD);
    case 'toy-25gaussians':
      return modeCoverage(points, TWENTY_FIVE_GAUSSIAN_CENTRES, TWENTY_FIVE_GAUSSIAN_STD);
    case 'toy-swissroll':
      return manifoldDistance(points);
  }
}
