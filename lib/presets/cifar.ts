/** gan_cifar.py: DIM = 128, z of 128, batch 64, λ = 10; generator with BatchNorm and a tanh output,
 *  critic of three strided convolutions with LeakyReLU(0.2); 32x32 RGB images in [-1, 1]. */
import type { ModelSpec } from '../layers.js';
import type { Preset } from './preset.js';

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

export const cifarCritic: ModelSpec = {
  inputShape: [3, 32, 32],
  layers: [
    { type: 'conv2d', filters: DIM, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'leakyRelu', alpha: 0.2 },
    { type: 'conv2d', filters: 2 * DIM, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'leakyRelu', alpha: 0.2 },
    { type: 'conv2d', filters: 4 * DIM, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'leakyRelu', alpha: 0.2 },
    { type: 'flatten' },
    { type: 'dense', units: 1 },
  ],
};

export function cifarPreset(name: 'cifar' | 'images32'): Preset {
  return {
    name,
    description: 'gan_cifar.py on a folder of images resized to 32x32 (DIM 128, batch 64, lambda 10)',
    dataset: 'images',
    zDim: Z,
    generator: cifarGenerator,
    critic: cifarCritic,
    batchSize: 64,
    criticIters: 5,
    lambda: 10,
    lr: 1e-4,
    beta1: 0.5,
    beta2: 0.9,
    iterations: 1000,
    sampleEvery: 100,
    checkpointEvery: 500,
  };
}
