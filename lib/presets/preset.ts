/** A preset: the architecture and hyper-parameters of one reference experiment, as plain data. */
import type { DatasetName } from '../datasets/index.js';
import type { ModelSpec } from '../layers.js';

/** The hyper-parameters of the WGAN-GP iteration, as presets give them and train() resolves them. */
export interface Hyperparameters {
  batchSize: number;
  criticIters: number;
  lambda: number;
  lr: number;
  beta1: number;
  beta2: number;
  /** 'linear': the learning rate falls linearly to 0 over the run, as in gan_cifar.py; 'none': constant */
  lrDecay: 'none' | 'linear';
}

/** What some presets set beyond the paper's iteration (train() resolves each, with these defaults). */
export interface TrainingExtras {
  /** samples of each generator step (default: batchSize; gan_cifar_resnet.py uses 2 × batchSize) */
  generatorBatchSize?: number;
  /** add uniform noise of one quantisation step (range / 256) to real images, as gan_cifar_resnet.py does */
  dequantize?: boolean;
  /** the generator's EMA half-life in generator images (StyleGAN's ema_kimg × 1000), or false for none */
  ema?: number | false;
  /** a conditional run's ACGAN weights: the critic's cross-entropy on real samples (gan_cifar_resnet.py's
   *  ACGAN_SCALE, default 1) and the generator's on its samples (ACGAN_SCALE_G, default 0.1) */
  acganScale?: number;
  acganScaleG?: number;
}

/** Adam's settings, which a preset gives only where it departs from Adam's WGAN-GP defaults (WGAN_GP_ADAM). */
type AdamSettings = 'lr' | 'beta1' | 'beta2';

export interface Preset extends Omit<Hyperparameters, AdamSettings>, Partial<Pick<Hyperparameters, AdamSettings>>, TrainingExtras {
  name: string;
  description: string;
  dataset: DatasetName;
  zDim: number;
  generator: ModelSpec;
  critic: ModelSpec;
  /** iterations of a default run: enough for a recognisable result on 2 CPU cores */
  iterations: number;
  sampleEvery: number;
  checkpointEvery: number;
  /** sample-quality metrics every n iterations (0: never) */
  evalEvery: number;
  /** image presets: the default size and channels, and the models for another size (a conditional one's for
   *  the classes of the data, its first-level subfolders: `classes` is their count, 0 for unconditional presets) */
  image?: {
    size: number;
    channels: 1 | 3;
    conditional?: boolean;
    architecture(height: number, width: number, channels: number, classes: number): { generator: ModelSpec; critic: ModelSpec };
  };
}

/** The optimisation of Algorithm 1 of the paper, shared by every reference experiment. Its Adam settings
 *  (1e-4, 0.5, 0.9) are Adam's defaults, whose one home is the native core (WGAN_GP_ADAM reads them). */
export const PAPER_OPTIMIZER = { criticIters: 5, lrDecay: 'none' } as const;

/** The critic of gan_mnist.py and gan_cifar.py: three 5x5 stride-2 convolutions (DIM, 2·DIM, 4·DIM
 *  filters) with LeakyReLU(0.2), then one linear output, or 1 + K for an ACGAN critic of K classes. */
export function stridedConvCritic(inputShape: [number, number, number], dim: number, outputs = 1): ModelSpec {
  const conv = (filters: number) => [
    { type: 'conv2d', filters, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'leakyRelu', alpha: 0.2 },
  ] as const;
  return { inputShape, layers: [...conv(dim), ...conv(2 * dim), ...conv(4 * dim), { type: 'flatten' }, { type: 'dense', units: outputs }] };
}
