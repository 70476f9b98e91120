/**
 * Activations in place (Layer::worksInPlace, native/core/layer.h): an activation writes its output over its
 * input, the output of the layer before it, unless that layer reads its own output again (another activation),
 * and never at the model's input or output; its derivatives are taken from the output alone. Checked: which
 * levels share a buffer (the planned activation floats count them once), and the float64 oracle on critics where
 * sharing must and must not happen (an activation after another one, a curved one whose gradient is not shared).
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec, ModelSpec } from '../lib/layers.js';
import { checkCriticAgainstOracle } from './critic-check.js';

const floatsOf = (spec: ModelSpec) => new Sequential(spec, { seed: 1 }).native.describe().activationFloats;

describe('activations in place', () => {
  it('share the buffer of the layer before them, counted once, except after another activation and at the ends', () => {
    const dense = (units: number): LayerSpec => ({ type: 'dense', units });
    // levels: input 3 | relu 3 (the input is the caller's: own) | dense 5 | relu (shared) | dense 7 | tanh (shared)
    // | relu after tanh (own 7) | dense 2 | sigmoid at the output (own 2)
    const spec: ModelSpec = {
      inputShape: [3],
      layers: [{ type: 'relu' }, dense(5), { type: 'relu' }, dense(7), { type: 'tanh' }, { type: 'relu' }, dense(2), { type: 'sigmoid' }],
    };
    expect(floatsOf(spec)).toBe(3 + 3 + 5 + 7 + 7 + 2 + 2);
  });

  it('share inside a residual body too, never with the block input', () => {
    const spec: ModelSpec = {
      inputShape: [2, 4, 4],
      layers: [
        { type: 'residual', body: [{ type: 'relu' }, { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, { type: 'relu' }] },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    };
    // input 32 | block 32 with body relu 32 (own: a_0 is the block input), conv 32, relu (shared) | flatten 32 | dense 1
    expect(floatsOf(spec)).toBe(32 + 32 + (32 + 32) + 32 + 1);
  });

  const critics: { name: string; layers: LayerSpec[] }[] = [
    // (a relu there would pass no gradient where it would have changed tanh's output: a leaky one does)
    { name: 'leakyRelu after tanh (not shared: tanh reads its output)', layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'leakyRelu', alpha: 0.3 }, { type: 'dense', units: 1 }] },
    { name: 'leakyRelu and sigmoid after dense layers (shared)', layers: [{ type: 'dense', units: 6 }, { type: 'leakyRelu', alpha: 0.3 }, { type: 'dense', units: 5 }, { type: 'sigmoid' }, { type: 'dense', units: 1 }] },
    {
      name: 'relu after layerNorm in a residual body, then relu after the block',
      layers: [
        { type: 'dense', units: 5 },
        { type: 'residual', body: [{ type: 'layerNorm' }, { type: 'relu' }, { type: 'dense', units: 5 }, { type: 'tanh' }] },
        { type: 'relu' },
        { type: 'dense', units: 1 },
      ],
    },
  ];
  it.each(critics.map((c) => [c.name, c] as const))('keep the critic exact against the float64 oracle: %s', (_, c) =>
    checkCriticAgainstOracle({ inputShape: [4], layers: c.layers }, 3, 10),
  );
});
