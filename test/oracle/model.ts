/** The float64 reference of a whole Sequential model and of the WGAN-GP losses, on oracle layers. */
import type { ModelSpec } from '../../lib/layers.js';
import { oracleLayer, type F64, type OracleLayer, type Params } from './layers.js';

export class OracleModel {
  readonly layers: OracleLayer[] = [];
  /** labels: the batch's, for a model with label-reading layers */
  constructor(readonly spec: ModelSpec, labels?: Int32Array) {
    let shape = spec.inputShape;
    for (const l of spec.layers) {
      const layer = oracleLayer(l, shape, labels);
      this.layers.push(layer);
      shape = layer.outShape;
    }
  }

  /** Per-layer parameters from a flat name -> values record ('<index>.<name>'). */
  layerParams(all: Record<string, F64>): Params[] {
    return this.layers.map((l, i) => Object.fromEntries(l.params.map(([name]) => [name, all[`${i}.${name}`]])));
  }

  /** Activations a_0 .. a_L */
  forward(x: F64, n: number, params: Params[]): F64[] {
    const acts = [x];
    this.layers.forEach((l, i) => acts.push(l.forward(acts[i], n, params[i])));
    return acts;
  }

  /** ∇ of <seed, D(x)> with respect to the input */
  inputGradient(acts: F64[], seed: F64, n: number, params: Params[]): F64 {
    let g = seed;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i].backwardData(acts[i], g, n, params[i]);
    return g;
  }

  /** The WGAN-GP critic loss terms in float64; with `acgan` the critic's output rows are [score, K logits] and the
   *  loss adds acgan.scale · CE(real logits, acgan.labels), the penalty differentiating the score only. */
  criticLoss(real: F64, fake: F64, eps: F64, lambda: number, params: Params[], acgan?: { labels: Int32Array; scale: number }) {
    const n = eps.length;
    const inSize = real.length / n;
    const width = acgan ? this.layers.at(-1)!.outShape[0] : 1;
    const outReal = this.forward(real, n, params).at(-1)!;
    const dReal = scoresOf(outReal, width);
    const dFake = scoresOf(this.forward(fake, n, params).at(-1)!, width);
    const xhat = new Float64Array(real.length);
    for (let b = 0; b < n; b++) for (let i = 0; i < inSize; i++) xhat[b * inSize + i] = eps[b] * real[b * inSize + i] + (1 - eps[b]) * fake[b * inSize + i];
    const acts = this.forward(xhat, n, params);
    const e0 = new Float64Array(n * width);
    for (let b = 0; b < n; b++) e0[b * width] = 1;
    const g = this.inputGradient(acts, e0, n, params);
    const norms = new Float64Array(n);
    let penalty = 0;
    for (let b = 0; b < n; b++) {
      let sq = 0;
      for (let i = 0; i < inSize; i++) sq += g[b * inSize + i] ** 2;
      norms[b] = Math.sqrt(sq);
      penalty += (norms[b] - 1) ** 2;
    }
    penalty *= lambda / n;
    const mean = (a: F64) => a.reduce((s, v) => s + v, 0) / a.length;
    const wasserstein = mean(dFake) - mean(dReal);
    // The size of the two means: float32 sums lose digits relative to it when the means nearly cancel.
    const termSize = mean(dFake.map(Math.abs)) + mean(dReal.map(Math.abs));
    const classifierLoss = acgan ? crossEntropy(outReal, width, acgan.labels) : 0;
    const loss = wasserstein + penalty + (acgan ? acgan.scale * classifierLoss : 0);
    return { loss, wasserstein, penalty, norms, termSize, classifierLoss };
  }
}

/** Column 0 of rows of `width` values: the critic's scores. */
export function scoresOf(out: F64, width: number): F64 {
  return Float64Array.from({ length: out.length / width }, (_, b) => out[b * width]);
}

/** Mean softmax cross-entropy of the logits in columns 1..K of rows [score, logits] against the labels. */
export function crossEntropy(out: F64, width: number, labels: Int32Array): number {
  const n = out.length / width;
  let total = 0;
  for (let b = 0; b < n; b++) {
    const logits = out.subarray(b * width + 1, (b + 1) * width);
    const top = Math.max(...logits);
    const logSum = Math.log(logits.reduce((s, v) => s + Math.exp(v - top), 0)) + top;
    total += logSum - logits[labels[b]];
  }
  return total / n;
}
