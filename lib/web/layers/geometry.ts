/**
 * Convolution geometry along one axis, as the native core computes it: 'same' follows TensorFlow
 * (output ceil(in/s) for conv2d, in·s for conv2dTranspose, the odd pixel of padding after), a number
 * pads both sides (PyTorch). The ONNX writer and the browser layers both read it from here.
 */
export type Padding = 'same' | 'valid' | number;

export interface Axis {
  out: number;
  padBefore: number;
  padAfter: number;
}

export function convAxis(inLen: number, k: number, s: number, padding: Padding = 'valid'): Axis {
  if (padding === 'same') {
    const out = Math.ceil(inLen / s);
    const total = Math.max((out - 1) * s + k - inLen, 0);
    return { out, padBefore: Math.floor(total / 2), padAfter: total - Math.floor(total / 2) };
  }
  const p = padding === 'valid' ? 0 : padding;
  return { out: Math.floor((inLen + 2 * p - k) / s) + 1, padBefore: p, padAfter: p };
}

/** A transposed convolution writes the full (in-1)·s + k outputs, drops padBefore/padAfter of them and
 *  appends outputPadding zeros (plus bias) at the end: out = full - padBefore - padAfter + outputPadding. */
export interface TransposedAxis extends Axis {
  outputPadding: number;
}

export function transposedAxis(inLen: number, k: number, s: number, padding: Padding = 'valid', outputPadding = 0): TransposedAxis {
  const full = (inLen - 1) * s + k;
  if (padding === 'same') {
    const out = inLen * s;
    const padBefore = Math.floor(Math.max(full - out, 0) / 2);
    const padAfter = Math.max(full - out - padBefore, 0);
    return { out, padBefore, padAfter, outputPadding: out - (full - padBefore - padAfter) };
  }
  const p = padding === 'valid' ? 0 : padding;
  return { out: full - 2 * p + outputPadding, padBefore: p, padAfter: p, outputPadding };
}

export function kernelPair(k: number | [number, number]): [number, number] {
  return typeof k === 'number' ? [k, k] : k;
}

/** Keras Cropping2D's three forms as [top, bottom, left, right]. */
export function cropping4(c: number | [number, number] | [[number, number], [number, number]]): [number, number, number, number] {
  if (typeof c === 'number') return [c, c, c, c];
  if (typeof c[0] === 'number') return [c[0], c[0], c[1] as number, c[1] as number];
  const [[t, b], [l, r]] = c as [[number, number], [number, number]];
  return [t, b, l, r];
}

/** The epsilon of LayerNorm and BatchNorm (torch's default, as in the native core). */
export const NORM_EPSILON = 1e-5;
