/** The float64 reference of a whole Sequential model and of the WGAN-GP losses, on oracle layers. */
import type { ModelSpec } from '../../lib/layers.js';
import { oracleLayer, type F64, type OracleLayer, type Params } from './layers.js';

export class OracleModel {
  readonly layers: OracleLayer[] = [];
  constructor(readonly spec: ModelSpec) {
    let shape = spec.inputShape;
    for (const l of spec.layers) {
      const layer = oracleLayer(l, shape);
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

  /** The WGAN-GP critic loss terms in float64. */
  criticLoss(real: F64, fake: F64, eps: F64, lambda: number, params: Params[]) {
    const n = eps.length;
    const inSize = real.length / n;
    const dReal = this.forward(real, n, params).at(-1)!;
    const dFake = this.forward(fake, n, params).at(-1)!;
    const xhat = new Float64Array(real.length);
    for (let b = 0; b < n; b++) for (let i = 0; i < inSize; i++) xhat[b * inSize + i] = eps[b] * real[b * inSize + i] + (1 - eps[b]) * fake[b * inSize + i];
    const acts = this.forward(xhat, n, params);
    const g = this.inputGradient(acts, new Float64Array(n).fill(1), n, params);
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
    return { loss: wasserstein + penalty, wasserstein, penalty, norms, termSize };
  }
}
