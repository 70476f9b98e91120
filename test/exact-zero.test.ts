/**
 * Where exact arithmetic gives zero, the critic's gradient is exactly zero: a bias whose path to the output is
 * linear gets the Wasserstein seeds -1/N and +1/N with equal size and opposite sign and no penalty term (the
 * input gradient does not depend on it). A float32 residue there would be turned by Adam, which is
 * scale-invariant, into full-size steps. Batch sizes that are not powers of two (3, 6, 50: the mnist presets)
 * are the ones where -1/N is rounded.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec } from '../lib/layers.js';

const linearPaths: { name: string; inputShape: number[]; layers: LayerSpec[]; biases: string[] }[] = [
  { name: 'one dense layer', inputShape: [2], layers: [{ type: 'dense', units: 1 }], biases: ['0.bias'] },
  {
    name: 'three dense layers',
    inputShape: [2],
    layers: [{ type: 'dense', units: 4 }, { type: 'dense', units: 3 }, { type: 'dense', units: 1 }],
    biases: ['0.bias', '1.bias', '2.bias'],
  },
  {
    name: 'conv2d between dense layers',
    inputShape: [2],
    layers: [
      { type: 'dense', units: 6 },
      { type: 'reshape', targetShape: [1, 2, 3] },
      { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' },
      { type: 'flatten' },
      { type: 'dense', units: 1 },
    ],
    biases: ['0.bias', '2.bias', '4.bias'],
  },
];

function criticGrads(inputShape: number[], layers: LayerSpec[], batch: number) {
  const D = new Sequential({ inputShape, layers }, { seed: 1 });
  const size = inputShape.reduce((a, b) => a * b, 1);
  const real = new Float32Array(batch * size).map((_, i) => Math.sin(i));
  const fake = new Float32Array(batch * size).map((_, i) => Math.cos(i));
  const epsilon = new Float32Array(batch).map((_, b) => (b % 7) / 7);
  return D.criticLossAndGrads({ real, fake, epsilon, lambda: 10 }).grads;
}

describe('exact zeros in the critic gradient', () => {
  for (const { name, inputShape, layers, biases } of linearPaths)
    for (const batch of [1, 3, 6, 50, 64])
      it(`${name}, batch ${batch}: every bias on a linear path gets exactly 0`, () => {
        const grads = criticGrads(inputShape, layers, batch);
        for (const bias of biases) expect(Array.from(grads[bias])).toEqual(new Array(grads[bias].length).fill(0));
      });

  // On the CPU a 3×3 stride-1 convolution runs as Winograd F(2×2, 3×3), whose transforms mix the taps of a tile:
  // on a map one pixel high (or wide), a kernel's first and last rows (columns) read only padding, so their
  // gradient is exactly 0, and must stay so through the transforms.
  for (const [inputShape, along] of [
    [[2, 1, 5], 'rows'],
    [[2, 6, 1], 'columns'],
  ] as const)
    it(`the 3×3 taps that read only padding get exactly 0 (a map of one ${along === 'rows' ? 'row' : 'column'})`, () => {
      const layers: LayerSpec[] = [
        { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
        { type: 'tanh' },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ];
      const w = Array.from(criticGrads([...inputShape], layers, 6)['0.weight']); // [3][2][3][3]
      const edge = (i: number) => (along === 'rows' ? Math.floor(i / 3) % 3 : i % 3) !== 1;
      expect(w.filter((_, i) => edge(i))).toEqual(new Array(w.length * (2 / 3)).fill(0));
      expect(Math.min(...w.filter((_, i) => !edge(i)).map(Math.abs))).toBeGreaterThan(0);
    });

  it('a bias below a non-linearity still gets its (non-zero) gradient', () => {
    const grads = criticGrads([2], [{ type: 'dense', units: 4 }, { type: 'tanh' }, { type: 'dense', units: 1 }], 6);
    expect(Math.max(...Array.from(grads['0.bias'], Math.abs))).toBeGreaterThan(1e-4);
    expect(Array.from(grads['2.bias'])).toEqual([0]);
  });
});
