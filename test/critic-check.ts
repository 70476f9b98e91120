/**
 * A critic against the float64 oracle: loss, Wasserstein term, penalty and per-sample gradient norms against
 * the oracle's values, and the gradient of the loss w.r.t. EVERY parameter against central differences of the
 * oracle's loss. Tolerance: norm-wise relative error 1e-4 per tensor (float32 roundoff plus ~1e-9 of
 * differencing). Some tensors have an exactly zero gradient (the critic's last bias cancels in
 * mean(fake) - mean(real)): there the error is taken relative to 1e-2 of the norm of the whole gradient.
 */
import { expect } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { OracleModel } from './oracle/model.js';
import { f64, finiteDifferences, freshSeed, makeRandom, norm, relError } from './helpers.js';

const TOL = 1e-4;

/** ‖ours − ref‖ / max(‖ref‖, floor) */
export function gradError(ours: ArrayLike<number>, ref: ArrayLike<number>, floor: number): number {
  return relError(ours, ref) * Math.max(norm(ref), 1e-30) / Math.max(norm(ref), floor);
}

export function checkCriticAgainstOracle(spec: ModelSpec, n: number, lambda: number): void {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const critic = new Sequential(spec, { seed: rnd.seed });
    // Larger weights than the default init, so the penalty's curvature terms matter.
    critic.setParameters(Object.fromEntries(critic.tensors.map((t) => [t.name, rnd.array(t.size, -0.7, 0.7)])));
    const size = critic.inputSize;
    const real = rnd.array(n * size), fake = rnd.array(n * size), epsilon = rnd.array(n, 0, 1);
    const ours = critic.criticLossAndGrads({ real, fake, epsilon, lambda });

    const oracle = new OracleModel(spec);
    const all = Object.fromEntries(Object.entries(critic.parameters()).map(([k, t]) => [k, f64(t.data)]));
    const lossOf = () => oracle.criticLoss(f64(real), f64(fake), f64(epsilon), lambda, oracle.layerParams(all));
    const ref = lossOf();
    // Differences of means are judged against the size of their terms (they may nearly cancel).
    const againstTerms = (a: number, b: number, size: number) => Math.abs(a - b) / Math.max(Math.abs(b), size);
    expect(againstTerms(ours.loss, ref.loss, ref.termSize + ref.penalty), `loss ${ctx}`).toBeLessThan(TOL);
    expect(againstTerms(ours.wasserstein, ref.wasserstein, ref.termSize), `wasserstein ${ctx}`).toBeLessThan(TOL);
    expect(relError([ours.penalty], [ref.penalty]), `penalty ${ctx}`).toBeLessThan(TOL);
    expect(relError(ours.gradNorms, ref.norms), `gradNorms ${ctx}`).toBeLessThan(TOL);
    const fd = critic.tensors.map((t) => finiteDifferences(all[t.name], () => lossOf().loss));
    const floor = 1e-2 * Math.hypot(...fd.map(norm));
    critic.tensors.forEach((t, i) => {
      expect(gradError(ours.grads[t.name], fd[i], floor), `d loss / d ${t.name} ${ctx}`).toBeLessThan(TOL);
    });
}
