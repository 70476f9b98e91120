/**
 * The ACGAN steps (a critic whose output row is [score, K class logits]) against the float64 oracle:
 *   critic:    loss = WGAN-GP on the score + scale · CE(real logits, real labels), the penalty on the score only;
 *   generator: L_G = -mean(score of G(z)) + scale · CE(logits of G(z), requested labels), with a generator that
 *              reads those labels (labelEmbedding, conditionalBatchNorm).
 * Loss terms against the oracle's values and the gradient of every parameter against central differences of the
 * oracle's loss; tolerances as in critic.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { crossEntropy, OracleModel, scoresOf } from './oracle/model.js';
import { gradError } from './critic-check.js';
import { f64, finiteDifferences, freshSeed, makeRandom, norm, relError } from './helpers.js';

const TOL = 1e-4;
const K = 3;

const criticSpec = (outputs: number): ModelSpec => ({
  inputShape: [4],
  layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: outputs }],
});

function randomCritic(rnd: ReturnType<typeof makeRandom>, spec: ModelSpec): Sequential {
  const critic = new Sequential(spec, { seed: rnd.seed });
  critic.setParameters(Object.fromEntries(critic.tensors.map((t) => [t.name, rnd.array(t.size, -0.7, 0.7)])));
  return critic;
}

const float64Params = (m: Sequential) => Object.fromEntries(Object.entries(m.parameters()).map(([k, t]) => [k, f64(t.data)]));

describe('ACGAN critic step', () => {
  it('matches the oracle: loss terms and the gradient of every parameter', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const spec = criticSpec(1 + K), n = 5, lambda = 10, scale = 0.7;
    const critic = randomCritic(rnd, spec);
    const real = rnd.array(n * 4), fake = rnd.array(n * 4), epsilon = rnd.array(n, 0, 1), labels = rnd.labels(n, K);
    const ours = critic.criticLossAndGrads({ real, fake, epsilon, lambda, acgan: { labels, scale } });

    const oracle = new OracleModel(spec);
    const all = float64Params(critic);
    const lossOf = () => oracle.criticLoss(f64(real), f64(fake), f64(epsilon), lambda, oracle.layerParams(all), { labels, scale });
    const ref = lossOf();
    expect(relError([ours.loss], [ref.loss]), `loss ${ctx}`).toBeLessThan(TOL);
    expect(relError([ours.classifierLoss], [ref.classifierLoss]), `classifier loss ${ctx}`).toBeLessThan(TOL);
    expect(relError([ours.penalty], [ref.penalty]), `penalty ${ctx}`).toBeLessThan(TOL);
    expect(relError(ours.gradNorms, ref.norms), `gradNorms ${ctx}`).toBeLessThan(TOL);
    const out = oracle.forward(f64(real), n, oracle.layerParams(all)).at(-1)!;
    const right = Array.from({ length: n }, (_, b) => {
      const logits = Array.from(out.subarray(b * (K + 1) + 1, (b + 1) * (K + 1)));
      return logits.indexOf(Math.max(...logits)) === labels[b];
    }).filter(Boolean).length;
    expect(ours.classifierAccuracy, ctx).toBeCloseTo(right / n, 12);
    const fd = critic.tensors.map((t) => finiteDifferences(all[t.name], () => lossOf().loss));
    const floor = 1e-2 * Math.hypot(...fd.map(norm));
    critic.tensors.forEach((t, i) => {
      expect(gradError(ours.grads[t.name], fd[i], floor), `d loss / d ${t.name} ${ctx}`).toBeLessThan(TOL);
    });
  });

  it('keeps the head out of the penalty: with scale 0 it is the one-output critic of the score column', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const n = 4, lambda = 10;
    const acgan = randomCritic(rnd, criticSpec(1 + K));
    // The same critic without the logit rows of its last layer.
    const plain = new Sequential(criticSpec(1));
    const p = acgan.parameters();
    plain.setParameters({
      ...Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.data])),
      '4.weight': p['4.weight'].data.slice(0, 5),
      '4.bias': p['4.bias'].data.slice(0, 1),
    });
    const real = rnd.array(n * 4), fake = rnd.array(n * 4), epsilon = rnd.array(n, 0, 1);
    const ours = acgan.criticLossAndGrads({ real, fake, epsilon, lambda, acgan: { labels: rnd.labels(n, K), scale: 0 } });
    const ref = plain.criticLossAndGrads({ real, fake, epsilon, lambda });
    expect(ours.penalty, ctx).toBeCloseTo(ref.penalty, 5);
    expect(relError(ours.gradNorms, ref.gradNorms), ctx).toBeLessThan(1e-6);
    expect(Array.from(ours.grads['4.weight'].subarray(5)), `logit rows get no gradient ${ctx}`).toEqual(new Array(5 * K).fill(0));
    expect(Array.from(ours.grads['4.bias'].subarray(1)), ctx).toEqual(new Array(K).fill(0));
    for (const name of ['0.weight', '0.bias', '2.weight', '2.bias'])
      expect(relError(ours.grads[name], ref.grads[name]), `${name} ${ctx}`).toBeLessThan(1e-5);
    expect(relError(ours.grads['4.weight'].subarray(0, 5), ref.grads['4.weight']), ctx).toBeLessThan(1e-5);
  });

  it('rejects a head without labels, labels without a head and labels outside [0, K)', () => {
    const n = 2, data = new Float32Array(n * 4), epsilon = new Float32Array(n);
    const headed = new Sequential(criticSpec(1 + K)), plain = new Sequential(criticSpec(1));
    expect(() => headed.criticLossAndGrads({ real: data, fake: data, epsilon, lambda: 10 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/classifier head.*labels/) }),
    );
    expect(() => plain.criticLossAndGrads({ real: data, fake: data, epsilon, lambda: 10, acgan: { labels: new Int32Array(n), scale: 1 } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/\[1 \+ classes\]/) }),
    );
    expect(() => headed.criticLossAndGrads({ real: data, fake: data, epsilon, lambda: 10, acgan: { labels: Int32Array.from([0, K]), scale: 1 } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/acgan\.labels\[1\] must be a class in \[0, 2\]/) }),
    );
    expect(() => headed.criticLossAndGrads({ real: data, fake: data, epsilon, lambda: 10, acgan: { labels: new Int32Array(n), scale: 1, extra: 1 } as never })).toThrow(/extra/);
  });
});

describe('ACGAN generator step', () => {
  it('matches the oracle for a generator that reads its labels: loss and the gradient of every parameter', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const n = 6, scale = 0.4;
    const gSpec: ModelSpec = {
      inputShape: [3],
      layers: [
        { type: 'labelEmbedding', classes: K, dim: 2 },
        { type: 'dense', units: 6 },
        { type: 'conditionalBatchNorm', classes: K },
        { type: 'relu' },
        { type: 'dense', units: 4 },
        { type: 'tanh' },
      ],
    };
    const dSpec = criticSpec(1 + K);
    const G = new Sequential(gSpec, { seed: rnd.seed });
    G.setParameters(Object.fromEntries(G.tensors.filter((t) => t.trainable).map((t) => [t.name, rnd.array(t.size, -0.8, 0.8)])));
    const D = randomCritic(rnd, dSpec);
    const z = rnd.array(n * 3, -2, 2), labels = rnd.labels(n, K);
    const ours = G.generatorLossAndGrads({ z, batch: n, critic: D, acgan: { labels, scale } });

    const gOracle = new OracleModel(gSpec, labels), dOracle = new OracleModel(dSpec);
    const gAll = float64Params(G);
    const dParams = dOracle.layerParams(float64Params(D));
    const terms = () => {
      const fake = gOracle.forward(f64(z), n, gOracle.layerParams(gAll)).at(-1)!;
      const out = dOracle.forward(fake, n, dParams).at(-1)!;
      const ce = crossEntropy(out, 1 + K, labels);
      return { loss: -scoresOf(out, 1 + K).reduce((a, b) => a + b, 0) / n + scale * ce, ce };
    };
    const ref = terms();
    expect(relError([ours.loss], [ref.loss]), `loss ${ctx}`).toBeLessThan(TOL);
    expect(relError([ours.classifierLoss], [ref.ce]), `classifier loss ${ctx}`).toBeLessThan(TOL);
    const trainable = G.tensors.filter((t) => t.trainable);
    const fd = trainable.map((t) => finiteDifferences(gAll[t.name], () => terms().loss));
    const floor = 1e-2 * Math.hypot(...fd.map(norm));
    trainable.forEach((t, i) => {
      expect(gradError(ours.grads[t.name], fd[i], floor), `d L_G / d ${t.name} ${ctx}`).toBeLessThan(TOL);
    });
  });

  it('rejects a generator that reads labels without them, and a head of another class count', () => {
    const G = new Sequential({ inputShape: [2], layers: [{ type: 'labelEmbedding', classes: K, dim: 2 }] });
    const batch = 2, z = new Float32Array(batch * 2);
    expect(() => G.generatorLossAndGrads({ z, batch, critic: new Sequential(criticSpec(1)) })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/reads labels \(3 classes\)/) }),
    );
    expect(() => G.generatorLossAndGrads({ z, batch, critic: new Sequential(criticSpec(1 + K + 1)), acgan: { labels: new Int32Array(batch), scale: 1 } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/3 classes but the critic's classifier head has 4/) }),
    );
  });
});
