/**
 * The WGAN-GP critic loss and its gradients (double backprop) against the float64 oracle:
 * loss, Wasserstein term, penalty and per-sample gradient norms against the oracle's values, and the
 * gradient of the loss w.r.t. EVERY parameter against central differences of the oracle's loss.
 * Tolerance: norm-wise relative error 1e-4 per tensor (float32 roundoff plus ~1e-9 of differencing).
 * Some tensors have an exactly zero gradient (the critic's last bias cancels in mean(fake) - mean(real);
 * a bias before BatchNorm is normalised away): there the error is taken relative to 1e-2 of the norm of
 * the whole gradient, since a relative error to zero is undefined; float32 leaves ~1e-7 of the cancelled
 * terms (7 × 1/7 − 7 × 1/7), which 1e-3 of a small gradient did not always cover.
 */
import { describe, expect, it } from 'vitest';
import { Adam, ModelSpecError, Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { OracleModel } from './oracle/model.js';
import { checkCriticAgainstOracle, gradError } from './critic-check.js';
import { f64, finiteDifferences, freshSeed, makeRandom, norm, relError } from './helpers.js';

const TOL = 1e-4;

const critics: { name: string; spec: ModelSpec; n: number; lambda: number }[] = [
  {
    name: 'dense with tanh (non-zero curvature)',
    spec: { inputShape: [3], layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: 1 }] },
    n: 3,
    lambda: 10,
  },
  {
    name: 'dense relu (toy-like)',
    spec: { inputShape: [2], layers: [{ type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 1 }] },
    n: 7,
    lambda: 0.1,
  },
  {
    name: 'conv with tanh, odd 5x5 input, batch 1',
    spec: {
      inputShape: [1, 5, 5],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 'same' },
        { type: 'tanh' },
        { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 1 },
        { type: 'leakyRelu', alpha: 0.2 },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 1,
    lambda: 10,
  },
  {
    name: 'conv with layerNorm and sigmoid, 9x9, kernel 5',
    spec: {
      inputShape: [2, 9, 9],
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 5, strides: 2, padding: 'same' },
        { type: 'layerNorm' },
        { type: 'sigmoid' },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 3,
    lambda: 10,
  },
  {
    name: 'mnist-shaped conv critic, 28x28',
    spec: {
      inputShape: [1, 28, 28],
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 5, strides: 2, padding: 'same' },
        { type: 'leakyRelu', alpha: 0.2 },
        { type: 'conv2d', filters: 4, kernelSize: 5, strides: 2, padding: 'same' },
        { type: 'tanh' },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 3,
    lambda: 10,
  },
];

describe.each(critics)('critic: $name', ({ spec, n, lambda }) => {
  it('gives the oracle loss, penalty, norms and a finite-difference gradient for every parameter', () =>
    checkCriticAgainstOracle(spec, n, lambda));
});

describe('generator', () => {
  it('gives -mean(D(G(z))) and a finite-difference gradient for every generator parameter (BatchNorm, conv2dTranspose, crop)', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const gSpec: ModelSpec = {
      inputShape: [4],
      layers: [
        { type: 'dense', units: 2 * 4 * 4 },
        { type: 'batchNorm' },
        { type: 'relu' },
        { type: 'reshape', targetShape: [2, 4, 4] },
        { type: 'conv2dTranspose', filters: 3, kernelSize: 5, strides: 2, padding: 'same' },
        { type: 'batchNorm' },
        { type: 'relu' },
        { type: 'crop2d', cropping: [[0, 1], [0, 1]] },
        { type: 'conv2dTranspose', filters: 1, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 },
        { type: 'sigmoid' },
      ],
    };
    const dSpec: ModelSpec = {
      inputShape: [1, 14, 14],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 5, strides: 2, padding: 'same' }, { type: 'tanh' }, { type: 'flatten' }, { type: 'dense', units: 1 }],
    };
    const G = new Sequential(gSpec, { seed: rnd.seed });
    const D = new Sequential(dSpec, { seed: rnd.seed + 1 });
    expect(G.outputShape).toEqual([1, 14, 14]);
    G.setParameters(Object.fromEntries(G.tensors.filter((t) => t.trainable).map((t) => [t.name, rnd.array(t.size, -0.8, 0.8)])));
    const n = 3;
    const z = rnd.array(n * 4, -2, 2);
    const ours = G.generatorLossAndGrads({ z, batch: n, critic: D });

    const gOracle = new OracleModel(gSpec), dOracle = new OracleModel(dSpec);
    const gAll = Object.fromEntries(Object.entries(G.parameters()).map(([k, t]) => [k, f64(t.data)]));
    const dParams = dOracle.layerParams(Object.fromEntries(Object.entries(D.parameters()).map(([k, t]) => [k, f64(t.data)])));
    const lossOf = () => {
      const fake = gOracle.forward(f64(z), n, gOracle.layerParams(gAll)).at(-1)!;
      const score = dOracle.forward(fake, n, dParams).at(-1)!;
      return -score.reduce((a, b) => a + b, 0) / n;
    };
    expect(relError([ours.loss], [lossOf()]), `loss ${ctx}`).toBeLessThan(TOL);
    const trainable = G.tensors.filter((t) => t.trainable);
    const fd = trainable.map((t) => finiteDifferences(gAll[t.name], lossOf));
    const floor = 1e-2 * Math.hypot(...fd.map(norm));
    trainable.forEach((t, i) => {
      expect(gradError(ours.grads[t.name], fd[i], floor), `d L_G / d ${t.name} ${ctx}`).toBeLessThan(TOL);
    });
  });
});

describe('critic contract', () => {
  it('rejects batchNorm in a critic with a typed error', () => {
    const critic = new Sequential({ inputShape: [4], layers: [{ type: 'dense', units: 3 }, { type: 'batchNorm' }, { type: 'dense', units: 1 }] });
    const n = 2;
    const call = () => critic.criticLossAndGrads({ real: new Float32Array(8), fake: new Float32Array(8), epsilon: new Float32Array(n), lambda: 10 });
    expect(call).toThrow(ModelSpecError);
    expect(call).toThrow(/batchNorm/);
  });

  it('follows PyTorch state_dict names and layouts', () => {
    const critic = new Sequential(
      {
        inputShape: [1, 28, 28],
        layers: [
          { type: 'conv2d', filters: 64, kernelSize: 5, strides: 2, padding: 'same' },
          { type: 'leakyRelu', alpha: 0.2 },
          { type: 'flatten' },
          { type: 'dense', units: 1 },
        ],
      },
      { seed: 1 },
    );
    const p = critic.parameters();
    expect(Object.keys(p)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    expect(p['0.weight'].shape).toEqual([64, 1, 5, 5]);
    expect(p['3.weight'].shape).toEqual([1, 64 * 14 * 14]);
    const bound = 1 / Math.sqrt(25);
    expect(Math.max(...p['0.weight'].data.map(Math.abs))).toBeLessThanOrEqual(bound);
  });
});

describe('Adam', () => {
  it('applies PyTorch Adam with the WGAN-GP defaults', () => {
    const rnd = makeRandom(freshSeed());
    const model = new Sequential({ inputShape: [3], layers: [{ type: 'dense', units: 2 }] }, { seed: 3 });
    const opt = new Adam(model);
    let p = f64(model.flatParameters());
    const m = new Float64Array(p.length), v = new Float64Array(p.length);
    for (let t = 1; t <= 3; t++) {
      const g = rnd.array(p.length);
      opt.step(model.splitGrads(g));
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.5 * m[i] + 0.5 * g[i];
        v[i] = 0.9 * v[i] + 0.1 * g[i] ** 2;
        p[i] -= (1e-4 * (m[i] / (1 - 0.5 ** t))) / (Math.sqrt(v[i] / (1 - 0.9 ** t)) + 1e-8);
      }
    }
    expect(relError(model.flatParameters(), p)).toBeLessThan(1e-6);
    expect(opt.state().step).toBe(3);
  });
});
