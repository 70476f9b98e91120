/** gan_cifar.py: DIM = 128, z of 128, batch 64, λ = 10; generator with BatchNorm and a tanh output,
 *  critic of three strided convolutions with LeakyReLU(0.2); 32x32 RGB images in [-1, 1]. */
import type { ModelSpec } from '../layers.js';
import { PAPER_OPTIMIZER, stridedConvCritic, type Preset } from './preset.js';

const DIM = 128;
const Z = 128;

export const cifarGenerator: ModelSpec = {
  inputShape: [Z],
  layers: [
    { type: 'dense', units: 4 * 4 * 4 * DIM },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'reshape', targetShape: [4 * DIM, 4, 4] },
    { type: 'conv2dTranspose', filters: 2 * DIM, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'conv2dTranspose', filters: DIM, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'conv2dTranspose', filters: 3, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'tanh' },
  ],
};

export const cifarCritic: ModelSpec = stridedConvCritic([3, 32, 32], DIM);

export function cifarPreset(name: 'cifar' | 'images32'): Preset {
  return {
    name,
    description: 'gan_cifar.py on a folder of images resized to 32x32 (DIM 128, batch 64, lambda 10)',
    dataset: 'images',
    zDim: Z,
    generator: cifarGenerator,
    critic: cifarCritic,
    batchSize: 64,
    lambda: 10,
    ...PAPER_OPTIMIZER,
    iterations: 1000,
    sampleEvery: 100,
    checkpointEvery: 500,
    evalEvery: 0,
  };
}
