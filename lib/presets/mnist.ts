/** gan_mnist.py: DIM = 64, z of 128, batch 50, λ = 10; a deconvolutional generator (4 -> 8, cropped
 *  to 7 -> 14 -> 28, sigmoid) and a 3-layer strided-conv critic with LeakyReLU(0.2). And a faster
 *  variant: the same architecture at DIM = 32 (a quarter of the convolution work), Adam 5e-4 falling
 *  linearly to 0 over 2,000 iterations. */
import type { ModelSpec } from '../layers.js';
import { PAPER_OPTIMIZER, stridedConvCritic, type Preset } from './preset.js';

const DIM = 64;
const Z = 128;

/** gan_mnist.py's generator for a width `dim` (the reference uses 64). */
export function mnistGenerator(dim: number): ModelSpec {
  return {
    inputShape: [Z],
    layers: [
      { type: 'dense', units: 4 * 4 * 4 * dim },
      { type: 'relu' },
      { type: 'reshape', targetShape: [4 * dim, 4, 4] },
      { type: 'conv2dTranspose', filters: 2 * dim, kernelSize: 5, strides: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'crop2d', cropping: [[0, 1], [0, 1]] },
      { type: 'conv2dTranspose', filters: dim, kernelSize: 5, strides: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'same' },
      { type: 'sigmoid' },
    ],
  };
}

export function mnistPreset(name: 'mnist' | 'fashion-mnist'): Preset {
  return {
    name,
    description: `gan_mnist.py on ${name === 'mnist' ? 'MNIST' : 'Fashion-MNIST'} (DIM 64, batch 50, lambda 10)`,
    dataset: name,
    zDim: Z,
    generator: mnistGenerator(DIM),
    critic: stridedConvCritic([1, 28, 28], DIM),
    batchSize: 50,
    lambda: 10,
    ...PAPER_OPTIMIZER,
    iterations: 2000,
    sampleEvery: 100,
    checkpointEvery: 500,
    evalEvery: 500,
  };
}

/** The ten classes of MNIST. */
const CLASSES = 10;

/** mnist-fast's models made class-conditional: the generator reads the digit through labelEmbedding (a learned
 *  10-vector of the label appended to z; the first layer then adds a per-class vector, what a one-hot input
 *  concatenated to z gives), which keeps gan_mnist.py's generator as it is (it has no BatchNorm that
 *  conditionalBatchNorm could replace); the critic's last layer gives the score and 10 class logits (ACGAN).
 *  The generator's ACGAN weight is 3, not the reference's 0.1: measured over the preset's 2,000 iterations, 0.1 drew
 *  the asked digit 72.5% of the time, 1 drew it 94.4%, 2 95.1%, 3 96.4% (README, Class-conditional models). */
export function mnistConditionalPreset(): Preset {
  const fast = mnistFastPreset();
  return {
    ...fast,
    name: 'mnist-conditional',
    description: 'mnist-fast made class-conditional: labelEmbedding into the generator, an ACGAN critic (1 + 10 outputs); draws the digit asked for',
    generator: { ...fast.generator, layers: [{ type: 'labelEmbedding', classes: CLASSES, dim: CLASSES }, ...fast.generator.layers] },
    critic: stridedConvCritic([1, 28, 28], 32, 1 + CLASSES),
    acganScaleG: 3,
  };
}

/** mnist-conditional trained twice as long with an EMA generator, at the generator ACGAN weight of that run: the
 *  measured settings of the quality bar (score >= 9.0, Fréchet distance <= 30; README, The EMA generator):
 *  4,000 iterations gave score 9.74 and Fréchet distance 19.9 (raw weights 9.73 / 20.4), label accuracy 98.4%. */
export function mnistConditionalLongPreset(): Preset {
  return {
    ...mnistConditionalPreset(),
    name: 'mnist-conditional-long',
    description: 'mnist-conditional for 4,000 iterations with an EMA generator (half-life 10,000 images): the best MNIST samples of the presets',
    iterations: 4000,
    evalEvery: 500,
    ema: 10000,
    acganScaleG: 2,
  };
}

export function mnistFastPreset(): Preset {
  return {
    ...mnistPreset('mnist'),
    name: 'mnist-fast',
    description: 'faster variant of mnist: DIM 32, Adam 5e-4 with linear decay, 2000 iterations',
    generator: mnistGenerator(32),
    critic: stridedConvCritic([1, 28, 28], 32),
    lr: 5e-4,
    lrDecay: 'linear',
    iterations: 2000,
    sampleEvery: 250,
    evalEvery: 250,
  };
}
