/**
 * A bias added per channel right before a batchNorm (or conditionalBatchNorm) has an exactly zero gradient: the
 * batch statistics subtract any per-channel shift. The float32 sum of the output gradient leaves a residue there
 * (up to ~1e-6 in these models), which Adam (dividing by its own running size) would turn into full-size steps,
 * so the layer leaves it at zero. Checked on both backward paths of the generator step, next to gradients that must stay non-zero: a bias
 * whose path to the next batchNorm passes a ReLU (a dense layer's, a residual body's last) and every weight.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec, ModelSpec } from '../lib/layers.js';
import { expectGradientsReached, freshSeed, makeRandom } from './helpers.js';

const K = 3;
const conv = (filters: number, kernelSize: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding: 'same' });
const models: { name: string; spec: ModelSpec; absorbed: string[] }[] = [
  {
    name: 'dense -> batchNorm, dense -> relu -> batchNorm',
    spec: {
      inputShape: [5],
      layers: [{ type: 'dense', units: 6 }, { type: 'batchNorm' }, { type: 'dense', units: 4 }, { type: 'relu' }, { type: 'batchNorm' }, { type: 'dense', units: 3 }],
    },
    absorbed: ['0.bias'],
  },
  {
    name: 'conv2d -> batchNorm, conv2dTranspose -> conditionalBatchNorm, in a residual body and shortcut',
    spec: {
      inputShape: [2, 5, 5],
      layers: [
        conv(3, 3),
        { type: 'batchNorm' },
        { type: 'relu' },
        { type: 'conv2dTranspose', filters: 4, kernelSize: 4, strides: 2, padding: 'same' },
        { type: 'conditionalBatchNorm', classes: K },
        { type: 'residual', body: [conv(4, 3), { type: 'batchNorm' }, { type: 'relu' }, conv(4, 1)], shortcut: [conv(4, 1), { type: 'batchNorm' }] },
        { type: 'relu' },
        { type: 'batchNorm' },
        { type: 'tanh' },
      ],
    },
    absorbed: ['0.bias', '3.bias', '5.body.0.bias', '5.shortcut.0.bias'],
  },
];

describe('a bias right before batch statistics', () => {
  for (const { name, spec, absorbed } of models)
    it(`has a gradient of exactly zero, on both backward paths: ${name}`, () => {
      const rnd = makeRandom(freshSeed());
      const G = new Sequential(spec, { seed: rnd.seed });
      const n = 7;
      const x = rnd.array(n * G.inputShape.reduce((a, b) => a * b), -2, 2);
      const gy = rnd.array(n * G.outputShape.reduce((a, b) => a * b));
      const paths = G.native.backwardPaths(x, gy, n, rnd.labels(n, K));
      expect(G.tensors.filter((t) => t.trainable).map((t) => t.name)).toEqual(expect.arrayContaining(absorbed));
      for (const [path, grads] of Object.entries(paths)) expectGradientsReached(G.tensors, grads, absorbed, `${path} (seed ${rnd.seed}) `);
    });
});
