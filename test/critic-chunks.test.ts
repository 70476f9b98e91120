/**
 * The critic step in chunks of samples (native/core/critic_step.h): the batch runs through the whole step a chunk
 * at a time, each chunk with the batch's N in its seeds, adding its share to the gradients and loss terms, so the
 * critic's buffers are planned for a chunk's rows instead of the batch's 3N. WGAN_GP_CRITIC_CHUNK (floats of
 * activations one chunk may plan) sets the chunk; 1 makes every chunk one sample (the generator step's critic
 * pass: one row). Checked: the float64 oracle and finite differences in chunks of one sample; the same results as
 * one pass within float32 round-off (ACGAN terms and the generator step too); exact zeros kept; the buffers
 * planned for a chunk's rows only; a bad value is a typed error naming the variable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { checkCriticAgainstOracle, gradError } from './critic-check.js';
import { freshSeed, makeRandom, norm, relError } from './helpers.js';

const VARIABLE = 'WGAN_GP_CRITIC_CHUNK';
const FLOAT32_EPSILON = 2 ** -23;
const conv = (filters: number, kernelSize: number) => ({ type: 'conv2d' as const, filters, kernelSize, padding: 'same' as const });

const critics: { name: string; spec: ModelSpec; n: number }[] = [
  {
    name: 'dense with tanh (curvature pass)',
    spec: { inputShape: [3], layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: 1 }] },
    n: 3,
  },
  {
    name: 'conv with layerNorm and sigmoid, 9x9',
    spec: {
      inputShape: [2, 9, 9],
      layers: [{ type: 'conv2d', filters: 3, kernelSize: 5, strides: 2, padding: 'same' }, { type: 'layerNorm' }, { type: 'sigmoid' }, { type: 'flatten' }, { type: 'dense', units: 1 }],
    },
    n: 3,
  },
  {
    name: 'residual blocks: layerNorm and tanh in a body, mean-pool shortcut',
    spec: {
      inputShape: [2, 6, 6],
      layers: [
        { type: 'residual', body: [conv(3, 3), { type: 'layerNorm' }, { type: 'tanh' }, conv(3, 3), { type: 'avgPool2d' }], shortcut: [{ type: 'avgPool2d' }, conv(3, 1)] },
        { type: 'residual', body: [{ type: 'relu' }, conv(3, 3)], scale: 0.3 },
        { type: 'globalAvgPool' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 4,
  },
];

/** Runs `body` with the variable set to `value` (unset for undefined), restoring it after. */
function withChunk<T>(value: string | undefined, body: () => T): T {
  const before = process.env[VARIABLE];
  if (value === undefined) delete process.env[VARIABLE];
  else process.env[VARIABLE] = value;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = before;
  }
}

function randomModel(rnd: ReturnType<typeof makeRandom>, spec: ModelSpec): Sequential {
  const model = new Sequential(spec, { seed: rnd.seed });
  model.setParameters(Object.fromEntries(model.tensors.filter((t) => t.trainable).map((t) => [t.name, rnd.array(t.size, -0.7, 0.7)])));
  return model;
}

/** Every gradient of `a` within `tol` of `b`'s, norm-wise relative to the larger of its norm and a floor: a bias
 * whose linear paths to the output cancel keeps only its small non-linear part, whose float32 residue in either
 * summation order is relative to the cancelled terms. The floor lets such a tensor differ by float32's epsilon of
 * the whole gradient (with 1e-3 of it, seed 1906556094 failed at 1.3e-5 with Winograd products and reached 9.4e-6
 * with im2col: an absolute difference of 1.4e-8 of the whole gradient). */
function expectSameGrads(a: Record<string, Float32Array>, b: Record<string, Float32Array>, tol: number, ctx: string): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  const floor = (FLOAT32_EPSILON / tol) * Math.hypot(...Object.values(b).map(norm));
  for (const name of Object.keys(b)) expect(gradError(a[name], b[name], floor), `${name} ${ctx}`).toBeLessThan(tol);
}

describe(`the critic step in chunks of one sample (${VARIABLE}=1)`, () => {
  const before = process.env[VARIABLE];
  beforeAll(() => {
    process.env[VARIABLE] = '1';
  });
  afterAll(() => {
    if (before === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = before;
  });

  it.each(critics.map((c) => [c.name, c] as const))('matches the float64 oracle: %s', (_, c) => checkCriticAgainstOracle(c.spec, c.n, 10));
});

describe('the critic step in chunks', () => {
  it('gives the results of one pass within round-off: loss terms, each sample norm in its place, every gradient', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const { spec } = critics[2];
    const critic = randomModel(rnd, spec);
    const n = 7, size = critic.inputSize;
    const input = { real: rnd.array(n * size), fake: rnd.array(n * size), epsilon: rnd.array(n, 0, 1), lambda: 10 };
    // chunks of 2 samples: 2 + 2 + 2 + 1 (the last chunk smaller)
    const floats = critic.native.describe().activationFloats;
    const chunked = withChunk(String(floats * 3 * 2), () => critic.criticLossAndGrads(input));
    expect(critic.native.describe().reservedRows, `planned for a chunk's 3 x 2 rows ${ctx}`).toBe(6);
    const whole = withChunk(undefined, () => critic.criticLossAndGrads(input));
    expect(relError([chunked.loss], [whole.loss]), ctx).toBeLessThan(1e-6);
    expect(relError([chunked.wasserstein], [whole.wasserstein]), ctx).toBeLessThan(1e-6);
    expect(relError([chunked.penalty], [whole.penalty]), ctx).toBeLessThan(1e-6);
    expect(relError(chunked.gradNorms, whole.gradNorms), ctx).toBeLessThan(1e-6);
    expectSameGrads(chunked.grads, whole.grads, 1e-5, ctx);
  });

  it('plans the critic for one chunk only, however large the batch', () => {
    const critic = new Sequential(critics[0].spec, { seed: 1 });
    const n = 64, size = critic.inputSize;
    const floats = critic.native.describe().activationFloats;
    const data = new Float32Array(n * size).map((_, i) => Math.sin(i));
    withChunk(String(floats * 3 * 5), () => critic.criticLossAndGrads({ real: data, fake: data.map((v) => -v), epsilon: new Float32Array(n).fill(0.5), lambda: 10 }));
    // 64 samples in the fewest chunks of at most 5: 13 chunks of 5 (the last one 4)
    expect(critic.native.describe().reservedRows).toBe(15);
  });

  it('gives the ACGAN terms of one pass: classifier loss and accuracy, every gradient', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const K = 3, n = 5;
    const critic = randomModel(rnd, { inputShape: [4], layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 1 + K }] });
    const input = { real: rnd.array(n * 4), fake: rnd.array(n * 4), epsilon: rnd.array(n, 0, 1), lambda: 10, acgan: { labels: rnd.labels(n, K), scale: 0.7 } };
    const whole = withChunk(undefined, () => critic.criticLossAndGrads(input));
    const chunked = withChunk('1', () => critic.criticLossAndGrads(input));
    expect(relError([chunked.loss], [whole.loss]), ctx).toBeLessThan(1e-6);
    expect(relError([chunked.classifierLoss], [whole.classifierLoss]), ctx).toBeLessThan(1e-6);
    expect(chunked.classifierAccuracy, ctx).toBe(whole.classifierAccuracy);
    expect(relError(chunked.gradNorms, whole.gradNorms), ctx).toBeLessThan(1e-6);
    expectSameGrads(chunked.grads, whole.grads, 1e-5, ctx);
  });

  it("runs the generator step's critic pass in chunks of rows: the loss and gradients of one pass, ACGAN term included", () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const K = 3, n = 6;
    const G = randomModel(rnd, {
      inputShape: [3],
      layers: [{ type: 'labelEmbedding', classes: K, dim: 2 }, { type: 'dense', units: 8 }, { type: 'batchNorm' }, { type: 'relu' }, { type: 'dense', units: 4 }],
    });
    const D = randomModel(rnd, { inputShape: [4], layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 1 + K }] });
    const input = { z: rnd.array(n * 3), batch: n, critic: D, acgan: { labels: rnd.labels(n, K), scale: 0.4 } };
    const chunked = withChunk('1', () => G.generatorLossAndGrads(input));
    expect(D.native.describe().reservedRows, ctx).toBe(1);
    const whole = withChunk(undefined, () => G.generatorLossAndGrads(input));
    expect(relError([chunked.loss], [whole.loss]), ctx).toBeLessThan(1e-6);
    expectSameGrads(chunked.grads, whole.grads, 1e-5, ctx);
  });

  it('keeps exact zeros: a bias on a linear path gets exactly 0 over uneven chunks', () => {
    const D = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 4 }, { type: 'dense', units: 3 }, { type: 'dense', units: 1 }] }, { seed: 1 });
    const n = 50;
    const real = new Float32Array(n * 2).map((_, i) => Math.sin(i)), fake = new Float32Array(n * 2).map((_, i) => Math.cos(i));
    const epsilon = new Float32Array(n).map((_, b) => (b % 7) / 7);
    const floats = D.native.describe().activationFloats;
    const { grads } = withChunk(String(floats * 3 * 7), () => D.criticLossAndGrads({ real, fake, epsilon, lambda: 10 }));
    expect(D.native.describe().reservedRows).toBe(21);
    for (const bias of ['0.bias', '1.bias', '2.bias']) expect(Array.from(grads[bias]), bias).toEqual(new Array(grads[bias].length).fill(0));
    expect(Math.max(...Array.from(grads['0.weight'], Math.abs))).toBeGreaterThan(0);
  });

  it(`rejects ${VARIABLE}=0 and non-numbers with a typed error naming it`, () => {
    const D = new Sequential(critics[0].spec, { seed: 1 });
    const input = { real: new Float32Array(6), fake: new Float32Array(6), epsilon: new Float32Array(2), lambda: 10 };
    for (const bad of ['0', '-3', '2x'])
      expect(() => withChunk(bad, () => D.criticLossAndGrads(input))).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining(VARIABLE) }),
      );
  });
});
