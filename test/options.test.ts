/** train() options: validated before any work, each bad option named; presets and overrides resolved. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, PRESETS, UnsupportedError } from '../lib/index.js';
import { resolveOptions } from '../lib/train/options.js';

describe('train options', () => {
  it('resolves a preset with its reference hyper-parameters', () => {
    const o = resolveOptions({ preset: 'toy-8gaussians' });
    expect(o).toMatchObject({ dataset: 'toy-8gaussians', batchSize: 256, criticIters: 5, lambda: 0.1, lr: 1e-4, beta1: 0.5, beta2: 0.9, zDim: 2 });
    expect(resolveOptions({ preset: 'mnist' })).toMatchObject({ batchSize: 50, lambda: 10, zDim: 128 });
    expect(resolveOptions({ preset: 'cifar' }).generator.layers.some((l) => l.type === 'batchNorm')).toBe(true);
  });

  it('resolves the fast variants: narrower models, lr 1e-3 with linear decay, metrics logged', () => {
    const o = resolveOptions({ preset: 'toy-8gaussians-fast' });
    expect(o).toMatchObject({ dataset: 'toy-8gaussians', lr: 1e-3, lrDecay: 'linear', iterations: 5000, evalEvery: 250 });
    expect(o.generator.layers[0]).toEqual({ type: 'dense', units: 128 });
    expect(resolveOptions({ preset: 'toy-8gaussians' }).lrDecay).toBe('none');
  });

  it('lets explicit options override the preset, zDim included', () => {
    const o = resolveOptions({ preset: 'toy-25gaussians', batchSize: 32, lambda: 1, zDim: 4, iterations: 7 });
    expect(o).toMatchObject({ batchSize: 32, lambda: 1, iterations: 7, zDim: 4 });
    expect(o.generator.inputShape).toEqual([4]);
    expect(PRESETS['toy-25gaussians'].generator.inputShape).toEqual([2]);
  });

  it('accepts explicit models and a dataset without a preset', () => {
    const p = PRESETS['toy-swissroll'];
    const o = resolveOptions({ generator: p.generator, critic: p.critic, dataset: 'toy-swissroll' });
    expect(o.preset).toBeNull();
    expect(o.criticIters).toBe(5);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown option', { preset: 'mnist', iteratons: 5 }, /iteratons/],
    ['an unknown preset', { preset: 'mnist2' }, /preset/],
    ['a negative iteration count', { preset: 'mnist', iterations: -1 }, /iterations/],
    ['a fractional batch size', { preset: 'mnist', batchSize: 2.5 }, /batchSize/],
    ['a NaN learning rate', { preset: 'mnist', lr: NaN }, /lr/],
    ['an infinite lambda', { preset: 'mnist', lambda: Infinity }, /lambda/],
    ['beta1 of 1', { preset: 'mnist', beta1: 1 }, /beta1/],
    ['a string for threads', { preset: 'mnist', threads: '2' }, /threads/],
    ['an unknown device', { preset: 'mnist', device: 'tpu' }, /device/],
    ['an unknown lr schedule', { preset: 'mnist', lrDecay: 'cosine' }, /lrDecay/],
    ['no preset and no models', { iterations: 3 }, /preset/],
    ['a generator without critic', { generator: PRESETS.mnist.generator, dataset: 'mnist' }, /critic/],
    ['a non-object', 42, /options/],
  ];
  for (const [name, options, pattern] of bad)
    it(`rejects ${name} with ERR_INVALID_ARGUMENT naming it`, () => {
      let error: unknown;
      try {
        resolveOptions(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((error as Error).message).toMatch(pattern);
    });

  it("rejects device 'cuda' in a build without CUDA with ERR_UNSUPPORTED", () => {
    expect(() => resolveOptions({ preset: 'mnist', device: 'cuda' })).toThrow(UnsupportedError);
  });
});
