/** What one layer kind of the browser sampler provides: its shapes (to check a model description against),
 *  its forward pass over one sample in plain JavaScript, and over a batch in WebGPU kernels. */
import { WebModelError } from '../errors.js';
import type { Gpu, GpuStep } from '../gpu/kernel.js';

/** A layer spec as model.json carries it (wgan-gp's LayerSpec, read field by field). */
export interface Spec {
  type: string;
  [key: string]: unknown;
}

/** The forward pass of one sample; `label` is its class, read by the label layers (labelEmbedding,
 *  conditionalBatchNorm) and ignored by the others. */
export type Forward = (x: Float32Array, label: number) => Float32Array;

export interface WebLayer {
  /** per-sample output shape for this input shape */
  outShape(spec: Spec, inShape: number[]): number[];
  /** the tensors the layer reads, name and shape, in state_dict order */
  tensors(spec: Spec, inShape: number[]): [string, number[]][];
  /** the forward pass of one sample (evaluation mode) */
  build(spec: Spec, inShape: number[], tensors: Record<string, Float32Array>): Forward;
  /** the same forward pass over a batch on the GPU: its kernels, made on `gpu` */
  gpu(spec: Spec, inShape: number[], tensors: Record<string, Float32Array>, gpu: Gpu): GpuStep;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** spec[key] as a positive integer (or `fallback` when absent), else a WebModelError naming the key. */
export function positiveInt(spec: Spec, key: string, fallback?: number): number {
  const v = spec[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new WebModelError(`${spec.type}.${key} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/** A WebModelError unless the label is a class in [0, classes). */
export function checkLabel(classes: number, label: number) {
  if (!Number.isInteger(label) || label < 0 || label >= classes)
    throw new WebModelError(`label ${label} is not a class in [0, ${classes - 1}]`, 'ERR_INVALID_ARGUMENT');
}

/** The row of a [classes, width] table for a label, else a WebModelError naming the label. */
export function labelRow(table: Float32Array, classes: number, label: number): Float32Array {
  checkLabel(classes, label);
  const width = table.length / classes;
  return table.subarray(label * width, (label + 1) * width);
}

/** An image input [channels, height, width], else a WebModelError. */
export function imageShape(spec: Spec, inShape: number[]): [number, number, number] {
  if (inShape.length !== 3) throw new WebModelError(`${spec.type} needs an input [channels, height, width], got [${inShape}]`);
  return inShape as [number, number, number];
}
