/**
 * The paper's ResNets as presets (igul222/improved_wgan_training):
 * - cifar-resnet: gan_cifar_resnet.py, unconditional (DIM_G = DIM_D = 128). Generator: Linear(128 → 4·4·128),
 *   three ResidualBlock(up) (BN → ReLU → UpsampleConv 3×3 → BN → ReLU → Conv 3×3; shortcut UpsampleConv 1×1),
 *   BN → ReLU → Conv 3×3 → tanh. Critic: OptimizedResBlockDisc1 (Conv 3×3 → ReLU → ConvMeanPool 3×3; shortcut
 *   MeanPoolConv 1×1), ResidualBlock(down) (shortcut ConvMeanPool 1×1), two ResidualBlock(none) with identity
 *   shortcuts, ReLU → global mean → Linear(1); no normalisation in the critic. Adam(2e-4, β1 0, β2 0.9) falling
 *   linearly to 0, batch 64, generator batch 128 (GEN_BS_MULTIPLE = 2), dequantisation noise on real images.
 * - cifar-resnet-conditional: the same with CONDITIONAL = ACGAN = True, for the K classes of a labelled folder:
 *   the generator's blocks normalise with conditionalBatchNorm (its output BatchNorm stays plain, as the
 *   reference's Generator.OutputN), and the critic's last Linear gives the score and K class logits (the
 *   reference's two Linears on the same features).
 * - resnet64: gan_64x64.py's GoodGenerator / GoodDiscriminator at DIM 64, the critic with LayerNorm (its
 *   WGAN-GP setting); Adam(1e-4, β1 0, β2 0.9), batch 64.
 * UpsampleConv is upsample2d (nearest ×2, what the reference's four copies + depth_to_space compute) then a
 * convolution; ConvMeanPool is a convolution then avgPool2d; MeanPoolConv the reverse. Deliberate differences:
 * every convolution has a bias (the reference drops it on a block's first convolution), and layerNorm scales
 * and shifts each element (torch.nn.LayerNorm([C, H, W])) where the reference's has one γ/β per channel.
 */
import { InvalidArgumentError } from '../errors.js';
import type { LayerSpec, ModelSpec } from '../layers.js';
import type { Preset } from './preset.js';

const Z = 128;
const conv = (filters: number, kernelSize: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding: 'same' });
const up: LayerSpec = { type: 'upsample2d' };
const pool: LayerSpec = { type: 'avgPool2d' };
const relu: LayerSpec = { type: 'relu' };

/** ResidualBlock(resample='up') of both scripts: normalisation, ReLU, UpsampleConv, normalisation, ReLU, Conv. */
function upBlock(outDim: number, norm: LayerSpec): LayerSpec {
  return { type: 'residual', body: [norm, relu, up, conv(outDim, 3), norm, relu, conv(outDim, 3)], shortcut: [up, conv(outDim, 1)] };
}

/** ResidualBlock(resample='down'): the body ends in ConvMeanPool; the shortcut is gan_cifar_resnet's
 *  ConvMeanPool or gan_64x64's MeanPoolConv. */
function downBlock(inDim: number, outDim: number, norm: LayerSpec[], shortcut: LayerSpec[]): LayerSpec {
  return { type: 'residual', body: [...norm, relu, conv(inDim, 3), ...norm, relu, conv(outDim, 3), pool], shortcut };
}

function requireSize(preset: string, height: number, width: number, multiple: number): void {
  if (height % multiple || width % multiple || height < multiple || width < multiple)
    throw new InvalidArgumentError(`imageSize: ${preset} needs image sides that are multiples of ${multiple}, got ${height}x${width}`);
}

/** gan_cifar_resnet.py's models; with `classes` > 0 its CONDITIONAL = ACGAN = True models for that many classes. */
export function cifarResnetModels(height: number, width: number, channels: number, classes = 0): { generator: ModelSpec; critic: ModelSpec } {
  requireSize('cifar-resnet', height, width, 8);
  const dim = 128, bn: LayerSpec = { type: 'batchNorm' };
  const blockNorm: LayerSpec = classes ? { type: 'conditionalBatchNorm', classes } : bn;
  const generator: ModelSpec = {
    inputShape: [Z],
    layers: [
      { type: 'dense', units: (height / 8) * (width / 8) * dim },
      { type: 'reshape', targetShape: [dim, height / 8, width / 8] },
      upBlock(dim, blockNorm),
      upBlock(dim, blockNorm),
      upBlock(dim, blockNorm),
      bn,
      relu,
      conv(channels, 3),
      { type: 'tanh' },
    ],
  };
  const plain: LayerSpec = { type: 'residual', body: [relu, conv(dim, 3), relu, conv(dim, 3)] };
  const critic: ModelSpec = {
    inputShape: [channels, height, width],
    layers: [
      { type: 'residual', body: [conv(dim, 3), relu, conv(dim, 3), pool], shortcut: [pool, conv(dim, 1)] },
      downBlock(dim, dim, [], [conv(dim, 1), pool]),
      plain,
      plain,
      relu,
      { type: 'globalAvgPool' },
      { type: 'dense', units: 1 + classes },
    ],
  };
  return { generator, critic };
}

export function resnet64Models(height: number, width: number, channels: number): { generator: ModelSpec; critic: ModelSpec } {
  requireSize('resnet64', height, width, 16);
  const dim = 64, bn: LayerSpec = { type: 'batchNorm' }, ln: LayerSpec = { type: 'layerNorm' };
  const [h, w] = [height / 16, width / 16];
  const generator: ModelSpec = {
    inputShape: [Z],
    layers: [
      { type: 'dense', units: h * w * 8 * dim },
      { type: 'reshape', targetShape: [8 * dim, h, w] },
      upBlock(8 * dim, bn),
      upBlock(4 * dim, bn),
      upBlock(2 * dim, bn),
      upBlock(dim, bn),
      bn,
      relu,
      conv(channels, 3),
      { type: 'tanh' },
    ],
  };
  const down = (inDim: number, outDim: number) => downBlock(inDim, outDim, [ln], [pool, conv(outDim, 1)]);
  const critic: ModelSpec = {
    inputShape: [channels, height, width],
    layers: [conv(dim, 3), down(dim, 2 * dim), down(2 * dim, 4 * dim), down(4 * dim, 8 * dim), down(8 * dim, 8 * dim), { type: 'flatten' }, { type: 'dense', units: 1 }],
  };
  return { generator, critic };
}

export function cifarResnetPreset(): Preset {
  return {
    name: 'cifar-resnet',
    description: 'gan_cifar_resnet.py (unconditional) on a folder of images at 32x32: ResNet generator and critic, DIM 128, Adam 2e-4 (beta1 0) falling linearly, generator batch 128, dequantisation',
    dataset: 'images',
    zDim: Z,
    ...cifarResnetModels(32, 32, 3),
    image: { size: 32, channels: 3, architecture: (h, w, c) => cifarResnetModels(h, w, c) },
    batchSize: 64,
    generatorBatchSize: 128,
    dequantize: true,
    lambda: 10,
    criticIters: 5,
    lr: 2e-4,
    beta1: 0,
    beta2: 0.9,
    lrDecay: 'linear',
    iterations: 1000,
    sampleEvery: 100,
    checkpointEvery: 500,
    evalEvery: 0,
  };
}

/** CIFAR-10's class count: the models of cifar-resnet-conditional before a folder gives its own. */
const CIFAR_CLASSES = 10;

export function cifarResnetConditionalPreset(): Preset {
  return {
    ...cifarResnetPreset(),
    name: 'cifar-resnet-conditional',
    description:
      'gan_cifar_resnet.py with CONDITIONAL = ACGAN = True on a folder of images in class subfolders at 32x32: conditionalBatchNorm in the generator blocks, an ACGAN critic of 1 + K outputs',
    ...cifarResnetModels(32, 32, 3, CIFAR_CLASSES),
    image: { size: 32, channels: 3, conditional: true, architecture: cifarResnetModels },
  };
}

export function resnet64Preset(): Preset {
  return {
    name: 'resnet64',
    description: "gan_64x64.py's GoodGenerator / GoodDiscriminator (DIM 64, LayerNorm critic) on a folder of images at 64x64, Adam 1e-4 (beta1 0)",
    dataset: 'images',
    zDim: Z,
    ...resnet64Models(64, 64, 3),
    image: { size: 64, channels: 3, architecture: (h, w, c) => resnet64Models(h, w, c) },
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
