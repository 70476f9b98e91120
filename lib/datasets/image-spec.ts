/** What an image becomes before training: its size, channels and how other shapes are fitted to it;
 *  and the conversion of stored bytes (planar C×H×W uint8) into the floats of a batch. */

export type Fit = 'cover' | 'contain' | 'fill';
export const FITS = ['cover', 'contain', 'fill'] as const;

export interface ImageSpec {
  height: number;
  width: number;
  /** 1 (grayscale) or 3 (RGB) */
  channels: 1 | 3;
  /** 'cover': scale to cover, then centre crop; 'contain': scale to fit, pad with black; 'fill': stretch */
  fit: Fit;
}

/** The value range images train in (tanh outputs), as gan_cifar.py scales them. */
export const IMAGE_RANGE: [number, number] = [-1, 1];

export const imageBytes = (s: Pick<ImageSpec, 'height' | 'width' | 'channels'>) => s.channels * s.height * s.width;

/** imageSize as the options take it: a number (square) or [height, width]. */
export function imageSize(size: number | readonly [number, number]): [number, number] {
  return typeof size === 'number' ? [size, size] : [size[0], size[1]];
}

/** Writes one stored image (planar bytes) as floats in `range` at out[offset...], mirrored left-right when asked. */
export function bytesToSample(
  bytes: Uint8Array,
  shape: readonly number[],
  range: readonly [number, number],
  mirror: boolean,
  out: Float32Array,
  offset: number,
): void {
  const [channels, height, width] = shape;
  const scale = (range[1] - range[0]) / 255, lo = range[0];
  if (!mirror) {
    for (let i = 0; i < bytes.length; i++) out[offset + i] = bytes[i] * scale + lo;
    return;
  }
  for (let row = 0; row < channels * height; row++) {
    const base = row * width;
    for (let x = 0; x < width; x++) out[offset + base + x] = bytes[base + width - 1 - x] * scale + lo;
  }
}
