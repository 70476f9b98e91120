/** Generators for the export tests: one that uses every layer kind, odd geometries, and a short
 *  training run that leaves a real checkpoint. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerSpec, ModelSpec } from '../../lib/layers.js';
import { stridedConvCritic } from '../../lib/presets/preset.js';
import { Sequential } from '../../lib/sequential.js';
import { train } from '../../lib/train/trainer.js';
import { makeRandom } from '../helpers.js';

/** Every layer kind of lib/layers.ts but the ResNet ones (RESNET_LAYERS), z of 16 -> a 1x28x28 image in [0, 1] (MNIST's shape and range). */
export const ALL_LAYERS: ModelSpec = {
  inputShape: [16],
  layers: [
    { type: 'dense', units: 8 * 4 * 4 },
    { type: 'batchNorm' },
    { type: 'leakyRelu', alpha: 0.1 },
    { type: 'reshape', targetShape: [8, 4, 4] },
    { type: 'conv2dTranspose', filters: 8, kernelSize: 4, strides: 2, padding: 1 }, // 8x8
    { type: 'layerNorm' },
    { type: 'relu' },
    { type: 'conv2dTranspose', filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, // 16x16
    { type: 'batchNorm' },
    { type: 'tanh' },
    { type: 'crop2d', cropping: [[1, 1], [2, 0]] }, // 14x14
    { type: 'conv2dTranspose', filters: 4, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 }, // 28x28
    { type: 'conv2d', filters: 1, kernelSize: 4, padding: 'same' }, // asymmetric padding 1 | 2
    { type: 'flatten' },
    { type: 'reshape', targetShape: [1, 28, 28] },
    { type: 'sigmoid' },
  ],
};

/** The label-reading kinds, z of 6 and 3 classes -> a 1x8x8 image in [-1, 1]: labelEmbedding, conditionalBatchNorm
 *  on flat features and on images, and inside a residual block. */
export const LABEL_LAYERS: ModelSpec = {
  inputShape: [6],
  layers: [
    { type: 'labelEmbedding', classes: 3, dim: 4 },
    { type: 'dense', units: 4 * 4 * 4 },
    { type: 'conditionalBatchNorm', classes: 3 },
    { type: 'relu' },
    { type: 'reshape', targetShape: [4, 4, 4] },
    {
      type: 'residual',
      body: [{ type: 'conditionalBatchNorm', classes: 3 }, { type: 'relu' }, { type: 'upsample2d' }, { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }],
      shortcut: [{ type: 'upsample2d' }],
    }, // 8x8
    { type: 'conditionalBatchNorm', classes: 3 },
    { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'same' },
    { type: 'tanh' },
  ],
};

/** Geometries the presets do not reach: strided 'same' convolutions on odd sizes, a transposed kernel
 *  smaller than its stride ('same' then needs output padding), non-square kernels. */
export const ODD_GEOMETRY: ModelSpec = {
  inputShape: [6],
  layers: [
    { type: 'dense', units: 2 * 5 * 7 },
    { type: 'reshape', targetShape: [2, 5, 7] },
    { type: 'conv2d', filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same' }, // 3x4
    { type: 'conv2dTranspose', filters: 2, kernelSize: 1, strides: 2, padding: 'same' }, // 6x8
    { type: 'conv2dTranspose', filters: 3, kernelSize: [5, 3], strides: 3, padding: 'same' }, // 18x24
    { type: 'conv2d', filters: 1, kernelSize: 3, strides: 1, padding: 'valid' }, // 16x22
    { type: 'layerNorm' },
  ],
};

/** Every layer kind the native core gained for ResNets: upsample2d, avgPool2d, globalAvgPool, depthToSpace and
 *  residual blocks (one nested, with scale 0.3 and a 1x1 shortcut; one with the identity shortcut and scale 1). */
export const RESNET_LAYERS: ModelSpec = {
  inputShape: [12],
  layers: [
    { type: 'dense', units: 8 * 4 * 4 },
    { type: 'reshape', targetShape: [8, 4, 4] },
    { type: 'upsample2d' }, // 8x8
    {
      type: 'residual',
      body: [
        { type: 'batchNorm' },
        { type: 'relu' },
        { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same' },
        {
          type: 'residual',
          body: [{ type: 'batchNorm' }, { type: 'leakyRelu' }, { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same' }],
          shortcut: [{ type: 'conv2d', filters: 8, kernelSize: 1 }],
          scale: 0.3,
        },
      ],
      shortcut: [{ type: 'conv2d', filters: 8, kernelSize: 1 }],
    },
    { type: 'depthToSpace', blockSize: 2 }, // 2x16x16
    { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, // so that the pooling cannot hide an order within a block
    { type: 'avgPool2d' }, // 2x8x8
    // a global mean added back to every pixel: the identity shortcut keeps the image, so the sums cannot hide a permutation
    { type: 'residual', body: [{ type: 'globalAvgPool' }, { type: 'dense', units: 2 * 8 * 8 }, { type: 'reshape', targetShape: [2, 8, 8] }] },
    { type: 'upsample2d', factor: 3 }, // 24x24
    { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'same' },
    { type: 'avgPool2d', poolSize: 3 }, // 1x8x8
    { type: 'tanh' },
  ],
};

/** gan_cifar_resnet's generator shape at C channels: dense to 4x4, three upsampling residual blocks, 3x32x32 in [-1, 1]. */
export function cifarResnetGenerator(C: number): ModelSpec {
  const block = {
    type: 'residual' as const,
    body: [
      { type: 'batchNorm' as const },
      { type: 'relu' as const },
      { type: 'upsample2d' as const },
      { type: 'conv2d' as const, filters: C, kernelSize: 3, padding: 'same' as const },
      { type: 'batchNorm' as const },
      { type: 'relu' as const },
      { type: 'conv2d' as const, filters: C, kernelSize: 3, padding: 'same' as const },
    ],
    shortcut: [{ type: 'upsample2d' as const }, { type: 'conv2d' as const, filters: C, kernelSize: 1 }],
  };
  return {
    inputShape: [128],
    layers: [
      { type: 'dense', units: 4 * 4 * C },
      { type: 'reshape', targetShape: [C, 4, 4] },
      block,
      block,
      block,
      { type: 'batchNorm' },
      { type: 'relu' },
      { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
      { type: 'tanh' },
    ],
  };
}

/** The spec that owns a tensor: '3.weight' is layers[3]'s, '3.body.1.shortcut.0.bias' that of layers[3].body[1].shortcut[0]. */
function ownerOf(layers: LayerSpec[], name: string): LayerSpec {
  const [index, ...rest] = name.split('.');
  const layer = layers[Number(index)];
  if (rest.length === 1) return layer;
  const [branch, ...inner] = rest;
  return ownerOf((layer as LayerSpec & { type: 'residual' })[branch as 'body' | 'shortcut']!, inner.join('.'));
}

/** A model with random weights and BatchNorm running statistics away from their initial 0 and 1, so
 *  an exporter that confused them would be caught. */
export function randomModel(spec: ModelSpec, seed: number): Sequential {
  const model = new Sequential(spec, { seed });
  const rng = makeRandom(seed);
  const values: Record<string, Float32Array> = {};
  for (const t of model.tensors) {
    const name = t.name.split('.').at(-1), normalisation = ownerOf(spec.layers, t.name).type.endsWith('Norm');
    if (name === 'running_var') values[t.name] = rng.array(t.size, 0.2, 2);
    else if (name === 'weight' && normalisation) values[t.name] = rng.array(t.size, 0.5, 1.5);
    else if (name !== 'weight') values[t.name] = rng.array(t.size, -0.5, 0.5); // biases, running means
    // dense and convolution weights keep PyTorch's initialisation, sized for their fan-in
  }
  model.setParameters(values);
  return model;
}

/** A two-iteration MNIST run of the ALL_LAYERS generator; returns its run folder. */
export async function trainedRun(): Promise<string> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'wgan-export-')), 'run');
  await train({
    dataset: 'mnist',
    generator: ALL_LAYERS,
    critic: stridedConvCritic([1, 28, 28], 4),
    iterations: 2,
    batchSize: 8,
    criticIters: 1,
    lr: 1e-2,
    outDir,
    checkpointEvery: 2,
    sampleEvery: 2,
    evalEvery: 0,
    seed: 3,
  }).result;
  return outDir;
}
