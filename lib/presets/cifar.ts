/** gan_cifar.py: DIM = 128, z of 128, batch 64, λ = 10; generator with BatchNorm and a tanh output,
 *  critic of three strided convolutions with LeakyReLU(0.2); 32x32 RGB images in [-1, 1]. With
 *  another imageSize (or channels) the same DCGAN family grows or shrinks a level per doubling. */
import { dcganCritic, dcganGenerator } from './dcgan.js';
import { PAPER_OPTIMIZER, type Preset } from './preset.js';

const DIM = 128;
const Z = 128;

const architecture = (height: number, width: number, channels: number) => ({
  generator: dcganGenerator({ dim: DIM, z: Z, height, width, channels, firstNorm: 'features' }),
  critic: dcganCritic({ dim: DIM, height, width, channels, layerNorm: false }),
});

export const cifarGenerator = architecture(32, 32, 3).generator;
export const cifarCritic = architecture(32, 32, 3).critic;

export function cifarPreset(name: 'cifar' | 'images32' | 'images'): Preset {
  return {
    name,
    description: 'gan_cifar.py on a folder of images, 32x32 by default (DIM 128, batch 64, lambda 10; --image-size 64 or 128 adds levels)',
    dataset: 'images',
    zDim: Z,
    generator: cifarGenerator,
    critic: cifarCritic,
    image: { size: 32, channels: 3, architecture },
    batchSize: 64,
    lambda: 10,
    ...PAPER_OPTIMIZER,
    iterations: 1000,
    sampleEvery: 100,
    checkpointEvery: 500,
    evalEvery: 0,
  };
}
