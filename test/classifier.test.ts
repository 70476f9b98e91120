/**
 * The softmax cross-entropy loss that trains the MNIST classifier: loss, accuracy count and the
 * gradient of every parameter against the float64 oracle and central differences (tolerance 1e-4,
 * norm-wise), on fresh random inputs, including logits large enough to overflow a naive exp().
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ModelSpecError, Sequential, ShapeMismatchError } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { OracleModel } from './oracle/model.js';
import { f64, finiteDifferences, freshSeed, makeRandom, norm, relError } from './helpers.js';

const TOL = 1e-4;

/** Mean -log softmax(logits)[label] in float64, written out plainly. */
function crossEntropy(logits: Float64Array, labels: Int32Array, classes: number): number {
  let total = 0;
  labels.forEach((label, b) => {
    const row = logits.subarray(b * classes, (b + 1) * classes);
    const top = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - top), 0);
    total += Math.log(sum) + top - row[label];
  });
  return total / labels.length;
}

const classifiers: { name: string; spec: ModelSpec; n: number; scale: number }[] = [
  { name: 'dense, 3 classes, batch 1', spec: { inputShape: [4], layers: [{ type: 'dense', units: 5 }, { type: 'tanh' }, { type: 'dense', units: 3 }] }, n: 1, scale: 1 },
  {
    name: 'strided conv, 10 classes, odd 9x9 input, batch 5',
    spec: {
      inputShape: [1, 9, 9],
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 5, strides: 2, padding: 'same' },
        { type: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: 10 },
      ],
    },
    n: 5,
    scale: 1,
  },
  { name: 'large logits (exp would overflow float32)', spec: { inputShape: [3], layers: [{ type: 'dense', units: 4 }] }, n: 3, scale: 80 },
];

describe.each(classifiers)('classifier loss: $name', ({ spec, n, scale }) => {
  it('gives the oracle cross-entropy, the accuracy count and a finite-difference gradient for every parameter', () => {
    const rnd = makeRandom(freshSeed());
    const ctx = `(seed ${rnd.seed})`;
    const model = new Sequential(spec, { seed: rnd.seed });
    model.setParameters(Object.fromEntries(model.tensors.map((t) => [t.name, rnd.array(t.size, -scale, scale)])));
    const classes = model.outputShape[0];
    const x = rnd.array(n * model.inputSize);
    const labels = Int32Array.from({ length: n }, () => Math.floor(rnd.next() * classes));
    const ours = model.classifierLossAndGrads({ x, labels, batch: n });

    const oracle = new OracleModel(spec);
    const all = Object.fromEntries(Object.entries(model.parameters()).map(([k, t]) => [k, f64(t.data)]));
    const logitsOf = () => oracle.forward(f64(x), n, oracle.layerParams(all)).at(-1)!;
    const lossOf = () => crossEntropy(logitsOf(), labels, classes);
    expect(Number.isFinite(ours.loss), `finite loss ${ctx}`).toBe(true);
    expect(relError([ours.loss], [lossOf()]), `loss ${ctx}`).toBeLessThan(TOL);
    const logits = logitsOf();
    const correct = [...labels].filter((label, b) => {
      const row = logits.subarray(b * classes, (b + 1) * classes);
      return row.indexOf(Math.max(...row)) === label;
    }).length;
    expect(ours.correct, `correct ${ctx}`).toBe(correct);
    // Judged against the gradient's size plus the central differences' own round-off (ε·|logit|/h ≈ 1e-7 for
    // logits near 100): when every sample is classified with p ≈ 1, the true gradient is ~1e-30 and a purely
    // relative error would compare round-off with round-off (a seed failed that way).
    for (const t of model.tensors) {
      const fd = finiteDifferences(all[t.name], lossOf);
      const diff = ours.grads[t.name].map((g, i) => g - fd[i]);
      expect(norm(diff), `d loss / d ${t.name} ${ctx}`).toBeLessThan(TOL * norm(fd) + 1e-6);
    }
  });
});

describe('classifier loss: bad input', () => {
  const model = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 3 }] });
  const x = new Float32Array(4);

  it('names a label outside the classes', () => {
    const call = () => model.classifierLossAndGrads({ x, labels: Int32Array.of(0, 3), batch: 2 });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(/labels\[1\] must be a class in \[0, 2\], got 3/);
  });

  it('wants an Int32Array with one label per sample', () => {
    expect(() => model.classifierLossAndGrads({ x, labels: Float32Array.of(0, 1) as unknown as Int32Array, batch: 2 })).toThrow(/labels must be an Int32Array/);
    expect(() => model.classifierLossAndGrads({ x, labels: Int32Array.of(0), batch: 2 })).toThrow(ShapeMismatchError);
  });

  it('refuses a model whose output is not a vector of logits', () => {
    const scalar = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 1 }] });
    expect(() => scalar.classifierLossAndGrads({ x, labels: Int32Array.of(0, 0), batch: 2 })).toThrow(ModelSpecError);
  });
});
