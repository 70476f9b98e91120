/** gan_64x64.py's DCGAN at DIM 64 for 64x64 images: generator dense -> 4x4x512 -> 8 -> 16 -> 32 -> 64
 *  (BatchNorm, ReLU, tanh); critic of four 5x5 stride-2 convolutions with LayerNorm after the last three
 *  (the reference's WGAN-GP mode replaces the critic's BatchNorm by LayerNorm), LeakyReLU(0.2); batch 64,
 *  λ 10, Adam(1e-4, β1 = 0, β2 = 0.9) as in gan_64x64.py. */
import { dcganCritic, dcganGenerator } from './dcgan.js';
import type { Preset } from './preset.js';

const DIM = 64;
const Z = 128;

const architecture = (height: number, width: number, channels: number) => ({
  generator: dcganGenerator({ dim: DIM, z: Z, height, width, channels, firstNorm: 'channels' }),
  critic: dcganCritic({ dim: DIM, height, width, channels, layerNorm: true }),
});

export function dcgan64Preset(): Preset {
  const { generator, critic } = architecture(64, 64, 3);
  return {
    name: 'dcgan64',
    description: "gan_64x64.py's DCGAN on a folder of images at 64x64 (DIM 64, LayerNorm critic, batch 64, lambda 10, Adam 1e-4 beta1 0)",
    dataset: 'images',
    zDim: Z,
    generator,
    critic,
    image: { size: 64, channels: 3, architecture },
    batchSize: 64,
    lambda: 10,
    criticIters: 5,
    lr: 1e-4,
    beta1: 0,
    beta2: 0.9,
    lrDecay: 'none',
    iterations: 1000,
    sampleEvery: 100,
    checkpointEvery: 500,
    evalEvery: 0,
  };
}
