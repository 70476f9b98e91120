/**
 * The ResNet building blocks in whole critics (the tangent and curvature passes through residual blocks, with
 * the gradient of every parameter against finite differences of the float64 oracle), the parameter names of
 * nested blocks, and the errors of bad block specs.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec, ModelSpec } from '../lib/layers.js';
import { checkCriticAgainstOracle } from './critic-check.js';

const conv = (filters: number, kernelSize: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding: 'same' });

const critics: { name: string; spec: ModelSpec; n: number; lambda: number }[] = [
  {
    name: 'identity and 1x1 shortcuts, avgPool, globalAvgPool (cifar-resnet-shaped)',
    spec: {
      inputShape: [3, 6, 6],
      layers: [
        { type: 'residual', body: [conv(4, 3), { type: 'relu' }, conv(4, 3), { type: 'avgPool2d' }], shortcut: [{ type: 'avgPool2d' }, conv(4, 1)] },
        { type: 'residual', body: [{ type: 'relu' }, conv(4, 3), { type: 'relu' }, conv(4, 3)] },
        { type: 'relu' },
        { type: 'globalAvgPool' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 3,
    lambda: 10,
  },
  {
    name: 'scale 0.3, tanh and layerNorm inside the body, batch 1, 5x5',
    spec: {
      inputShape: [2, 5, 5],
      layers: [
        { type: 'residual', body: [conv(2, 3), { type: 'layerNorm' }, { type: 'tanh' }, conv(2, 3)], scale: 0.3 },
        { type: 'leakyRelu', alpha: 0.2 },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 1,
    lambda: 10,
  },
  {
    name: 'a nested block and curved layers above a block (the curvature pass runs through it)',
    spec: {
      inputShape: [4],
      layers: [
        { type: 'dense', units: 5 },
        {
          type: 'residual',
          body: [{ type: 'tanh' }, { type: 'residual', body: [{ type: 'dense', units: 5 }, { type: 'sigmoid' }], scale: 0.5 }, { type: 'dense', units: 5 }],
          shortcut: [{ type: 'dense', units: 5 }],
        },
        { type: 'tanh' },
        { type: 'residual', body: [{ type: 'dense', units: 5 }, { type: 'relu' }] },
        { type: 'layerNorm' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 3,
    lambda: 10,
  },
  {
    name: 'resnet64-shaped: layerNorm in the body, mean-pool shortcut, 9x9 odd map cropped to 8x8',
    spec: {
      inputShape: [1, 9, 9],
      layers: [
        { type: 'crop2d', cropping: [[0, 1], [0, 1]] },
        {
          type: 'residual',
          body: [{ type: 'layerNorm' }, { type: 'relu' }, conv(3, 3), { type: 'layerNorm' }, { type: 'relu' }, conv(3, 3), { type: 'avgPool2d' }],
          shortcut: [{ type: 'avgPool2d' }, conv(3, 1)],
        },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    },
    n: 3,
    lambda: 10,
  },
];

describe.each(critics)('residual critic: $name', ({ spec, n, lambda }) => {
  it('gives the oracle loss, penalty, norms and a finite-difference gradient for every parameter', () =>
    checkCriticAgainstOracle(spec, n, lambda));
});

describe('residual blocks', () => {
  it('name parameters like PyTorch nested modules', () => {
    const model = new Sequential({
      inputShape: [2, 4, 4],
      layers: [
        conv(3, 3),
        {
          type: 'residual',
          body: [{ type: 'batchNorm' }, { type: 'residual', body: [conv(3, 3)] }, conv(3, 1)],
          shortcut: [conv(3, 1)],
        },
      ],
    });
    expect(model.tensors.map((t) => t.name)).toEqual([
      '0.weight', '0.bias',
      '1.body.0.weight', '1.body.0.bias', '1.body.0.running_mean', '1.body.0.running_var',
      '1.body.1.body.0.weight', '1.body.1.body.0.bias',
      '1.body.2.weight', '1.body.2.bias',
      '1.shortcut.0.weight', '1.shortcut.0.bias',
    ]);
    expect(model.parameters()['1.body.1.body.0.weight'].shape).toEqual([3, 3, 3, 3]);
  });

  const build = (layers: LayerSpec[], inputShape = [2, 4, 4]) => () => new Sequential({ inputShape, layers });
  it('reject branches that end in different shapes, naming the block and both shapes', () => {
    expect(build([conv(2, 1), { type: 'residual', body: [conv(3, 3)] }])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/spec\.layers\[1\] \(residual\): the body ends in \[3, 4, 4\] but the shortcut ends in \[2, 4, 4\]/) }),
    );
  });
  it('reject an empty body', () => {
    expect(build([{ type: 'residual', body: [] }])).toThrow(/spec\.layers\[0\] \(residual\): the body must hold at least one layer/);
  });
  it('reject a pool size that does not divide the input, naming the nested layer', () => {
    expect(build([{ type: 'residual', body: [conv(2, 3), { type: 'avgPool2d', poolSize: 3 }], shortcut: [{ type: 'avgPool2d', poolSize: 3 }] }])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MODEL', message: expect.stringMatching(/spec\.layers\[0\]\.body\[1\] \(avgPool2d\): avgPool2d: poolSize 3 does not divide the input \[2, 4, 4\]/) }),
    );
  });
  it('reject unknown keys inside a block, naming the path', () => {
    expect(build([{ type: 'residual', body: [{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same', stride: 2 } as LayerSpec] }])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/spec\.layers\[0\]\.body\[0\] has an unknown option 'stride' for conv2d/) }),
    );
    expect(build([{ type: 'residual', body: [conv(2, 3)], scales: 2 } as LayerSpec])).toThrow(/spec\.layers\[0\] has an unknown option 'scales' for residual/);
  });
  it('reject depthToSpace on channels that blockSize² does not divide', () => {
    expect(build([{ type: 'depthToSpace', blockSize: 2 }], [6, 2, 2])).toThrow(/blockSize 2 needs channels divisible by 4/);
  });
});
