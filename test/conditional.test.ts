/**
 * The label input of conditioning layers: how a model that reads labels takes them (predict,
 * predictAsync), what its tables are called, and the typed errors for bad or missing labels. The layers'
 * operations themselves are checked against the oracle in layers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { ModelSpec } from '../lib/layers.js';
import { freshSeed, makeRandom } from './helpers.js';

const embedding: ModelSpec = { inputShape: [4], layers: [{ type: 'labelEmbedding', classes: 3, dim: 2 }] };

describe('models that read labels', () => {
  it('names the tables as PyTorch does: [classes, C] weight/bias plus running statistics, [classes, dim] embedding', () => {
    const cbn = new Sequential({ inputShape: [5, 2, 2], layers: [{ type: 'conditionalBatchNorm', classes: 10 }] });
    expect(cbn.tensors.map((t) => [t.name, t.shape, t.trainable])).toEqual([
      ['0.weight', [10, 5], true],
      ['0.bias', [10, 5], true],
      ['0.running_mean', [5], false],
      ['0.running_var', [5], false],
    ]);
    const emb = new Sequential(embedding);
    expect(emb.tensors.map((t) => [t.name, t.shape])).toEqual([['0.weight', [3, 2]]]);
    expect(emb.outputShape).toEqual([6]);
  });

  it('labelEmbedding appends the row of each sample\'s label to its input (predict and predictAsync)', async () => {
    const rnd = makeRandom(freshSeed());
    const model = new Sequential(embedding, { seed: rnd.seed });
    const E = model.parameters()['0.weight'].data;
    const x = rnd.array(4 * 4), labels = Int32Array.from([2, 0, 2, 1]);
    const expected = Float32Array.from({ length: 4 * 6 }, (_, i) => {
      const b = Math.floor(i / 6), j = i % 6;
      return j < 4 ? x[b * 4 + j] : E[labels[b] * 2 + (j - 4)];
    });
    expect(model.predict(x, 4, { labels })).toEqual(expected);
    expect(await model.predictAsync(x, 4, { labels })).toEqual(expected);
  });

  it('conditionalBatchNorm in eval mode scales by its label\'s row over the running statistics', () => {
    const rnd = makeRandom(freshSeed());
    const C = 3, classes = 4, n = 5;
    const model = new Sequential({ inputShape: [C], layers: [{ type: 'conditionalBatchNorm', classes, momentum: 1 }] });
    const weight = rnd.array(classes * C), bias = rnd.array(classes * C);
    model.setParameters({ '0.weight': weight, '0.bias': bias });
    const x = rnd.array(n * C, -2, 2), labels = Int32Array.from([3, 1, 3, 0, 2]);
    model.predict(x, n, { training: true, labels }); // momentum 1: the running statistics become this batch's
    const state = model.parameters();
    const mean = state['0.running_mean'].data, variance = state['0.running_var'].data;
    const y = model.predict(x, n, { labels });
    for (let b = 0; b < n; b++)
      for (let c = 0; c < C; c++) {
        const t = labels[b] * C + c;
        const ref = (weight[t] * (x[b * C + c] - mean[c])) / Math.sqrt(variance[c] + 1e-5) + bias[t];
        expect(y[b * C + c]).toBeCloseTo(ref, 5);
      }
  });

  it('rejects missing, out-of-range, wrong-length and wrongly typed labels, and labels for a model that reads none', async () => {
    const model = new Sequential(embedding);
    const x = new Float32Array(2 * 4);
    expect(() => model.predict(x, 2)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/reads labels \(3 classes\)/) }));
    expect(() => model.predict(x, 2, { labels: Int32Array.from([0, 3]) })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/labels\[1\] must be a class in \[0, 2\], got 3/) }),
    );
    expect(() => model.predict(x, 2, { labels: Int32Array.from([0, -1]) })).toThrow(/labels\[1\] must be a class/);
    expect(() => model.predict(x, 2, { labels: Int32Array.from([0]) })).toThrow(expect.objectContaining({ code: 'ERR_SHAPE_MISMATCH' }));
    expect(() => model.predict(x, 2, { labels: Float32Array.from([0, 1]) as never })).toThrow(/labels must be an Int32Array/);
    await expect(model.predictAsync(x, 2, { labels: Int32Array.from([5, 0]) })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    const plain = new Sequential({ inputShape: [4], layers: [{ type: 'dense', units: 2 }] });
    expect(() => plain.predict(x, 2, { labels: Int32Array.from([0, 1]) })).toThrow(/labels were given, but the model reads none/);
  });

  it('rejects layers that disagree on the number of classes', () => {
    const build = () =>
      new Sequential({
        inputShape: [4],
        layers: [{ type: 'labelEmbedding', classes: 3, dim: 2 }, { type: 'conditionalBatchNorm', classes: 4 }],
      });
    expect(build).toThrow(expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/spec\.layers\[1\].*4 classes.*3/) }));
  });

  it('keeps label-reading layers out of a critic', () => {
    const critic = new Sequential({ inputShape: [4], layers: [{ type: 'labelEmbedding', classes: 3, dim: 2 }, { type: 'dense', units: 1 }] });
    const batch = 2, data = new Float32Array(batch * 4);
    expect(() => critic.criticLossAndGrads({ real: data, fake: data, epsilon: new Float32Array(batch), lambda: 10 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/critic cannot contain a label-reading layer/) }),
    );
  });
});
