/**
 * The conditional training iteration (native/core/wgan_iteration.*): a generator that reads labels and a critic
 * with a classifier head train in the one native call. It takes the real batches' labels, draws the labels its
 * fakes are asked for from the Philox stream, and adds both ACGAN terms. Checked against the same iteration
 * done step by step through the model API (criticLossAndGrads, generatorLossAndGrads, Adam) with labels and ε
 * from the TypeScript Philox (test/oracle/philox.ts): bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { Adam, Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { native, type NativeTrainerOptions } from '../lib/native.js';
import { countersOf, philoxLabels, philoxUniforms } from './oracle/philox.js';
import { freshSeed, makeRandom } from './helpers.js';

const K = 3, Z = 3;
const generatorSpec: ModelSpec = {
  inputShape: [Z],
  layers: [{ type: 'labelEmbedding', classes: K, dim: 2 }, { type: 'dense', units: 6 }, { type: 'relu' }, { type: 'dense', units: 4 }, { type: 'tanh' }],
};
const criticSpec = (outputs: number): ModelSpec => ({
  inputShape: [4],
  layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: outputs }],
});

/** Two copies of one random model. */
function twins(spec: ModelSpec, rnd: ReturnType<typeof makeRandom>, edit: (p: Record<string, Float32Array>) => void = () => {}) {
  const a = new Sequential(spec), b = new Sequential(spec);
  const p = Object.fromEntries(a.tensors.filter((t) => t.trainable).map((t) => [t.name, rnd.array(t.size, -0.8, 0.8)]));
  edit(p);
  a.setParameters(p);
  b.setParameters(p);
  return [a, b];
}

const values = (m: Sequential) => Object.fromEntries(Object.entries(m.parameters()).map(([k, t]) => [k, Array.from(t.data)]));

describe('the conditional iteration', () => {
  it('is the critic and generator steps with the real labels, drawn fake labels and both ACGAN terms, bit for bit', async () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const n = 5, criticIters = 3, generatorBatch = 7, lambda = 10, acganScale = 0.7, acganScaleG = 0.3;
    // The generator's z columns are zero, so its samples depend on the labels only (the normals of z are not
    // redrawn here); the z weights' own update (it depends on z) is left out of the comparison.
    const zeroZ = (p: Record<string, Float32Array>) => {
      for (let r = 0; r < 6; r++) p['1.weight'].fill(0, r * (Z + 2), r * (Z + 2) + Z);
    };
    const [G, Gref] = twins(generatorSpec, rnd, zeroZ);
    const [D, Dref] = twins(criticSpec(1 + K), rnd);
    const adam = { lr: 1e-3, beta1: 0.5, beta2: 0.9 };
    const options: NativeTrainerOptions = { batch: n, generatorBatch, criticIters, lambda, acganScale, acganScaleG, seed: rnd.seed, adamG: adam, adamD: adam };
    const trainer = new (native().NativeTrainer)(G.native, D.native, options);
    const real = rnd.array(criticIters * n * 4), labels = rnd.labels(criticIters * n, K);
    const [stats] = await trainer.run(real, 1, labels);

    const key = BigInt(rnd.seed);
    let counter = 0n;
    const adamD = new Adam(Dref, adam), adamG = new Adam(Gref, adam);
    let critic;
    for (let s = 0; s < criticIters; s++) {
      counter += countersOf(n * Z);
      const requested = philoxLabels(key, counter, n, K);
      counter += countersOf(n);
      const fake = Gref.predict(new Float32Array(n * Z), n, { training: true, labels: requested });
      const epsilon = philoxUniforms(key, counter, n);
      counter += countersOf(n);
      const rows = (a: Float32Array | Int32Array, size: number) => a.slice(s * n * size, (s + 1) * n * size);
      critic = Dref.criticLossAndGrads({ real: rows(real, 4) as Float32Array, fake, epsilon, lambda, acgan: { labels: rows(labels, 1) as Int32Array, scale: acganScale } });
      adamD.step();
    }
    counter += countersOf(generatorBatch * Z);
    const requested = philoxLabels(key, counter, generatorBatch, K);
    counter += countersOf(generatorBatch);
    const generator = Gref.generatorLossAndGrads({ z: new Float32Array(generatorBatch * Z), batch: generatorBatch, critic: Dref, acgan: { labels: requested, scale: acganScaleG } });
    adamG.step();

    expect(values(D), `critic parameters ${ctx}`).toEqual(values(Dref));
    const g = values(G), gRef = values(Gref);
    const notZ = (w: number[]) => w.filter((_, i) => i % (Z + 2) >= Z);
    expect(notZ(g['1.weight']), ctx).toEqual(notZ(gRef['1.weight']));
    for (const name of ['0.weight', '1.bias', '3.weight', '3.bias']) expect(g[name], `${name} ${ctx}`).toEqual(gRef[name]);
    expect(stats.criticLoss, ctx).toBe(critic!.loss);
    expect(stats.classifierLoss, ctx).toBe(critic!.classifierLoss);
    expect(stats.classifierAccuracy, ctx).toBe(critic!.classifierAccuracy);
    expect(stats.generatorLoss, ctx).toBe(generator.loss);
    expect(stats.generatorClassifierLoss, ctx).toBe(generator.classifierLoss);
    expect(trainer.getRngState(), ctx).toEqual({ key, counter });
  });

  it('weighs the terms by acganScale and acganScaleG: at 0 the real labels change nothing', async () => {
    const rnd = makeRandom(freshSeed());
    const run = async (labels: Int32Array, scale: number) => {
      const r = makeRandom(rnd.seed);
      const [G] = twins(generatorSpec, r), [D] = twins(criticSpec(1 + K), r);
      const trainer = new (native().NativeTrainer)(G.native, D.native, { batch: 4, criticIters: 2, lambda: 10, acganScale: scale, seed: 5, adamG: {}, adamD: {} });
      const [stats] = await trainer.run(r.array(2 * 4 * 4), 1, labels);
      return { stats, critic: values(D) };
    };
    const a = rnd.labels(8, K), b = a.map((l) => (l + 1) % K);
    const [a0, b0, a1, b1] = [await run(a, 0), await run(b, 0), await run(a, 1), await run(b, 1)];
    expect(a0.critic, `seed ${rnd.seed}`).toEqual(b0.critic);
    expect(a0.stats.classifierLoss).not.toBe(b0.stats.classifierLoss); // measured, only not weighed
    expect(a1.critic).not.toEqual(b1.critic);
  });

  it('keeps an unconditional pair as it was: no label draws, no ACGAN stats', async () => {
    const G = new Sequential({ inputShape: [Z], layers: [{ type: 'dense', units: 4 }] }), D = new Sequential(criticSpec(1));
    const trainer = new (native().NativeTrainer)(G.native, D.native, { batch: 5, generatorBatch: 6, criticIters: 2, lambda: 10, seed: 9, adamG: {}, adamD: {} });
    const [stats] = await trainer.run(new Float32Array(2 * 5 * 4), 1);
    expect(Object.keys(stats)).not.toContain('classifierLoss');
    expect(trainer.getRngState().counter).toBe(2n * (countersOf(5 * Z) + countersOf(5)) + countersOf(6 * Z));
  });

  it('rejects pairs that disagree on labels, and missing, extra, short or out-of-range labels', async () => {
    const base = { batch: 2, criticIters: 1, lambda: 10, seed: 1, adamG: {}, adamD: {} };
    const G = new Sequential(generatorSpec), D = new Sequential(criticSpec(1 + K));
    const make = (g: Sequential, d: Sequential) => () => new (native().NativeTrainer)(g.native, d.native, base);
    const invalidModel = (m: RegExp) => expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(m) });
    expect(make(G, new Sequential(criticSpec(1)))).toThrow(invalidModel(/reads labels of 3 classes but the critic has no classifier head/));
    expect(make(new Sequential({ inputShape: [Z], layers: [{ type: 'dense', units: 4 }] }), D)).toThrow(invalidModel(/classifier head of 3 classes but the generator reads no labels/));
    expect(make(G, new Sequential(criticSpec(2 + K)))).toThrow(invalidModel(/labels of 3 classes but the critic's classifier head has 4/));

    const trainer = make(G, D)();
    const real = new Float32Array(2 * 4);
    const invalid = (m: RegExp) => expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(m) });
    expect(() => trainer.run(real, 1)).toThrow(invalid(/conditional \(3 classes\).*need their labels/));
    expect(() => trainer.run(real, 1, Int32Array.from([0]))).toThrow(expect.objectContaining({ code: 'ERR_SHAPE_MISMATCH', message: 'labels must have 2 elements, got 1' }));
    expect(() => trainer.run(real, 1, Int32Array.from([0, 3]))).toThrow(invalid(/labels\[1\] must be a class in \[0, 2\], got 3/));
    expect(() => trainer.evaluate(real, 1)).toThrow(invalid(/need their labels/));
    const evaluated = await trainer.evaluate(real, 1, Int32Array.from([2, 1]));
    expect(evaluated.classifierLoss).toBeGreaterThan(0);

    const plain = make(new Sequential({ inputShape: [Z], layers: [{ type: 'dense', units: 4 }] }), new Sequential(criticSpec(1)))();
    expect(() => plain.run(real, 1, Int32Array.from([0, 1]))).toThrow(invalid(/read no labels/));
  });
});
