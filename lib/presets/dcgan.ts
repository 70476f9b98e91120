/**
 * DCGAN-style architectures whose depth follows the image size: the generator starts from a small
 * H/2^L × W/2^L map and doubles it L times with 5×5 stride-2 transposed convolutions (BatchNorm, ReLU;
 * tanh at the end); the critic halves it L times with 5×5 stride-2 convolutions (LeakyReLU 0.2) and
 * ends in one linear output. L = floor(log2(min side / 4)): 3 at 32 (gan_cifar.py), 4 at 64
 * (gan_64x64.py's DCGAN), 5 at 128. Widths double per level from DIM at the image end, capped at 8·DIM.
 */
import { InvalidArgumentError } from '../errors.js';
import type { LayerSpec, ModelSpec } from '../layers.js';

/** How many stride-2 levels an image size takes; an InvalidArgumentError says which sizes fit. */
export function dcganLevels(height: number, width: number): number {
  const levels = Math.floor(Math.log2(Math.min(height, width) / 4));
  if (levels < 1 || height % 2 ** levels || width % 2 ** levels)
    throw new InvalidArgumentError(
      `imageSize: ${height}x${width} does not fit the DCGAN architecture: both sides must be multiples of 2^L with ` +
        `L = floor(log2(smaller side / 4)) >= 1 (e.g. 32, 48, 64, 96, 128, 64x48)`,
    );
  return levels;
}

/** Filters at level k counted from the image end (k = 0 is the full-size side): DIM·2^k, at most 8·DIM. */
const width = (dim: number, k: number) => dim * Math.min(2 ** k, 8);

export interface DcganOptions {
  dim: number;
  z: number;
  height: number;
  width: number;
  channels: number;
  /** BatchNorm of the first map: over the dense layer's features (gan_cifar.py) or per channel after the reshape (gan_64x64.py) */
  firstNorm: 'features' | 'channels';
}

export function dcganGenerator(o: DcganOptions): ModelSpec {
  const levels = dcganLevels(o.height, o.width);
  const h0 = o.height / 2 ** levels, w0 = o.width / 2 ** levels, c0 = width(o.dim, levels - 1);
  const first: LayerSpec[] =
    o.firstNorm === 'features'
      ? [{ type: 'dense', units: c0 * h0 * w0 }, { type: 'batchNorm' }, { type: 'relu' }, { type: 'reshape', targetShape: [c0, h0, w0] }]
      : [{ type: 'dense', units: c0 * h0 * w0 }, { type: 'reshape', targetShape: [c0, h0, w0] }, { type: 'batchNorm' }, { type: 'relu' }];
  const up: LayerSpec[] = [];
  for (let k = levels - 2; k >= 0; k--)
    up.push({ type: 'conv2dTranspose', filters: width(o.dim, k), kernelSize: 5, strides: 2, padding: 'same' }, { type: 'batchNorm' }, { type: 'relu' });
  return {
    inputShape: [o.z],
    layers: [...first, ...up, { type: 'conv2dTranspose', filters: o.channels, kernelSize: 5, strides: 2, padding: 'same' }, { type: 'tanh' }],
  };
}

/** The critic: no BatchNorm (it would make samples interact under the penalty); `layerNorm` after every
 *  convolution but the first, as gan_64x64.py normalises its critic in WGAN-GP mode. */
export function dcganCritic(o: Omit<DcganOptions, 'z' | 'firstNorm'> & { layerNorm: boolean }): ModelSpec {
  const levels = dcganLevels(o.height, o.width);
  const layers: LayerSpec[] = [];
  for (let k = 0; k < levels; k++) {
    layers.push({ type: 'conv2d', filters: width(o.dim, k), kernelSize: 5, strides: 2, padding: 'same' });
    if (o.layerNorm && k > 0) layers.push({ type: 'layerNorm' });
    layers.push({ type: 'leakyRelu', alpha: 0.2 });
  }
  return { inputShape: [o.channels, o.height, o.width], layers: [...layers, { type: 'flatten' }, { type: 'dense', units: 1 }] };
}
