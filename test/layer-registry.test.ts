/**
 * The native layer registry is the one list of layer kinds: TypeScript's LayerSpec (LAYER_SPEC_KEYS, checked
 * against the union at compile time) must name the same kinds and keys, and spec errors come from it.
 */
import { describe, expect, it } from 'vitest';
import { LAYER_SPEC_KEYS, layerTypes, Sequential } from '../lib/index.js';

describe('layer registry', () => {
  it('names the same layer types and keys as the TypeScript LayerSpec', () => {
    const native = Object.fromEntries(layerTypes().map((kind) => [kind.type, kind.keys.map((k) => k.name).sort()]));
    const typescript = Object.fromEntries(Object.entries(LAYER_SPEC_KEYS).map(([type, keys]) => [type, [...keys].sort()]));
    expect(native).toEqual(typescript);
  });

  it('reports each key with its type, range and default', () => {
    const dense = layerTypes().find((k) => k.type === 'dense');
    expect(dense?.keys).toEqual([{ name: 'units', type: 'integer', required: true, min: 1, max: 2 ** 20 }]);
    const leaky = layerTypes().find((k) => k.type === 'leakyRelu');
    expect(leaky?.keys[0]).toMatchObject({ name: 'alpha', required: false, min: 0, max: 1 });
    expect(leaky?.keys[0].default).toBeCloseTo(0.2, 12);
  });

  it('lists the registered types in the unknown-type error', () => {
    const build = () => new Sequential({ inputShape: [3], layers: [{ type: 'densse' } as never] });
    expect(build).toThrow(expect.objectContaining({ code: 'ERR_INVALID_MODEL' }));
    for (const type of Object.keys(LAYER_SPEC_KEYS)) expect(build).toThrow(new RegExp(`\\b${type}\\b`));
  });

  it('rejects an unknown key, a missing required key and a bad value, naming the path', () => {
    const spec = (layer: object) => () => new Sequential({ inputShape: [3], layers: [{ type: 'dense', units: 2 }, layer as never] });
    expect(spec({ type: 'dense', units: 1, unit: 3 })).toThrow(/spec\.layers\[1\] has an unknown option 'unit' for dense/);
    expect(spec({ type: 'dense' })).toThrow(/spec\.layers\[1\]\.units is required/);
    expect(spec({ type: 'dense', units: 1.5 })).toThrow(/spec\.layers\[1\]\.units must be an integer in \[1, 1048576\], got 1\.5/);
    expect(spec({ type: 'leakyRelu', alpha: 'big' })).toThrow(/spec\.layers\[1\]\.alpha must be a number, got the string 'big'/);
    expect(spec({ type: 'dense', units: 2, extra: () => 1 })).toThrow(/must be plain data/);
  });

  it('prefixes build errors with the layer path and type', () => {
    const build = () => new Sequential({ inputShape: [3], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }] });
    expect(build).toThrow(/spec\.layers\[0\] \(conv2d\): conv2d needs an input of shape \[channels, height, width\]/);
  });
});
