/** Generators for the export tests: one that uses every layer kind, odd geometries, and a short
 *  training run that leaves a real checkpoint. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec } from '../../lib/layers.js';
import { stridedConvCritic } from '../../lib/presets/preset.js';
import { Sequential } from '../../lib/sequential.js';
import { train } from '../../lib/train/trainer.js';
import { makeRandom } from '../helpers.js';

/** Every layer kind of lib/layers.ts, z of 16 -> a 1x28x28 image in [0, 1] (MNIST's shape and range). */
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

/** A model with random weights and BatchNorm running statistics away from their initial 0 and 1, so
 *  an exporter that confused them would be caught. */
export function randomModel(spec: ModelSpec, seed: number): Sequential {
  const model = new Sequential(spec, { seed });
  const rng = makeRandom(seed);
  const values: Record<string, Float32Array> = {};
  for (const t of model.tensors) {
    const [layer, name] = t.name.split('.'), normalisation = spec.layers[Number(layer)].type.endsWith('Norm');
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
