/**
 * Data from the caller's own code: `train({ dataset: { shape, train, test?, labels?, testLabels?, range? } })` with
 * `train` a Float32Array or Uint8Array of N × prod(shape) values, or `{ sample(batchSize, rng) }` that
 * makes a batch on the fly. Everything is checked before training starts; each failure is an
 * InvalidArgumentError naming the field. Bytes stay bytes and map linearly onto `range` per batch.
 */
import { InvalidArgumentError } from '../errors.js';
import { DataRandom } from '../random.js';
import { labelOf, type Dataset } from './dataset.js';
import { bytesToSample } from './image-spec.js';

/** A generator of batches: returns batchSize × prod(shape) finite values within the range. */
export interface SampleSource {
  sample(batchSize: number, rng: DataRandom): Float32Array;
}

export interface UserDataset {
  /** the shape of one sample: [features] or [channels, height, width] */
  shape: number[];
  train: Float32Array | Uint8Array | SampleSource;
  /** held-out samples of the same kind as train (default: train) */
  test?: Float32Array | Uint8Array;
  /** one integer class label per training sample (classes 0..max: what a conditional run needs) */
  labels?: ArrayLike<number>;
  /** one class label per test sample, with labels (a conditional run with a test array needs them) */
  testLabels?: ArrayLike<number>;
  /** [lo, hi]: floats must lie in it; bytes 0..255 map onto it (default [-1, 1]) */
  range?: [number, number];
}

const isSource = (v: unknown): v is SampleSource => typeof v === 'object' && v !== null && typeof (v as SampleSource).sample === 'function';
const fail = (field: string, message: string): never => {
  throw new InvalidArgumentError(`dataset.${field}: ${message}`);
};

/** Whether an option value is a user dataset rather than a data set name. */
export const isUserDataset = (v: unknown): v is UserDataset => typeof v === 'object' && v !== null && !Array.isArray(v);

const KEYS = new Set(['shape', 'train', 'test', 'labels', 'testLabels', 'range']);

function checkValues(field: string, values: Float32Array | Uint8Array, size: number, range: [number, number]): number {
  if (!(values instanceof Float32Array || values instanceof Uint8Array)) fail(field, 'expected a Float32Array or Uint8Array');
  if (values.length === 0 || values.length % size !== 0)
    fail(field, `expected N × ${size} values (N ≥ 1) for samples of ${size} values, got ${values.length}`);
  if (values instanceof Float32Array)
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) fail(field, `value ${i} is ${v}; every value must be finite`);
      if (v < range[0] || v > range[1]) fail(field, `value ${i} is ${v}, outside the range [${range[0]}, ${range[1]}]`);
    }
  return values.length / size;
}

/** Checks a user dataset (throwing InvalidArgumentError naming the field); calls a sample source once with its own generator. */
export function validateUserDataset(input: UserDataset): UserDataset & { range: [number, number] } {
  for (const key of Object.keys(input)) if (!KEYS.has(key)) fail(key, `unknown key; expected some of ${[...KEYS].join(', ')}`);
  const { shape, train, test, labels } = input;
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3 || !shape.every((d) => Number.isInteger(d) && d > 0))
    fail('shape', `expected 1 to 3 positive integers ([features] or [channels, height, width]), got ${JSON.stringify(shape)}`);
  const range = input.range ?? [-1, 1];
  if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1]))
    fail('range', `expected [lo, hi] with finite lo < hi, got ${JSON.stringify(input.range)}`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (isSource(train)) {
    if (test !== undefined) fail('test', 'a sample source makes its own data: give no test array with it');
    for (const key of ['labels', 'testLabels'] as const) if (input[key] !== undefined) fail(key, 'a sample source has no fixed samples to label');
    checkBatch('train.sample', train.sample(2, DataRandom.seeded(0)), 2, size, range);
    return { ...input, range };
  }
  const count = checkValues('train', train, size, range);
  if (test !== undefined) checkValues('test', test, size, range);
  if (test !== undefined && test.constructor !== train.constructor) fail('test', `expected a ${train.constructor.name} like train`);
  if (labels !== undefined) checkLabels('labels', labels, count, 'training');
  if (input.testLabels !== undefined) {
    if (labels === undefined) fail('testLabels', 'give labels (of the training samples) with them');
    if (test === undefined) fail('testLabels', 'there is no test array to label (the held-out samples are the training ones)');
    checkLabels('testLabels', input.testLabels, test!.length / size, 'test');
  }
  return { ...input, range };
}

function checkLabels(field: string, labels: ArrayLike<number>, count: number, what: string): void {
  if (typeof labels !== 'object' || labels === null || typeof labels.length !== 'number') fail(field, 'expected an array of integers');
  if (labels.length !== count) fail(field, `expected one label per ${what} sample (${count}), got ${labels.length}`);
  for (let i = 0; i < labels.length; i++)
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] > 65535) fail(field, `label ${i} is ${labels[i]}; expected an integer in [0, 65535]`);
}

function checkBatch(field: string, batch: unknown, n: number, size: number, range: [number, number]): Float32Array {
  if (!(batch instanceof Float32Array) || batch.length !== n * size)
    fail(field, `expected a Float32Array of ${n} × ${size} values, got ${batch instanceof Float32Array ? batch.length + ' values' : typeof batch}`);
  checkValues(field, batch as Float32Array, size, range);
  return batch as Float32Array;
}

/** The Dataset over validated user data. */
export function userDataset(data: UserDataset & { range: [number, number] }): Dataset {
  const { shape, range, train } = data;
  const size = shape.reduce((a, b) => a * b, 1);
  if (isSource(train)) {
    const fill = (rng: DataRandom, n: number, out: Float32Array, offset: number) => out.set(checkBatch('train.sample', train.sample(n, rng), n, size, range), offset);
    return { name: 'arrays', sampleShape: [...shape], range, sample: fill, sampleHeldOut: fill };
  }
  const labels = data.labels && Uint16Array.from(data.labels);
  // Held out: the test array with its labels, or without them (unlabelled held-out samples), or the training set.
  const testLabels = data.test ? data.testLabels && Uint16Array.from(data.testLabels) : labels;
  const draw = (values: Float32Array | Uint8Array, valueLabels: Uint16Array | undefined) => (rng: DataRandom, n: number, out: Float32Array, offset: number, into?: Int32Array) => {
    const count = values.length / size;
    for (let b = 0; b < n; b++) {
      const i = rng.int(count);
      const one = values.subarray(i * size, (i + 1) * size);
      if (one instanceof Uint8Array) bytesToSample(one, [1, 1, size], range, false, out, offset + b * size);
      else out.set(one, offset + b * size);
      if (into) into[b] = labelOf(valueLabels, i, "arrays' samples (held-out ones need testLabels)");
    }
  };
  // Classes 0..max of the labels, named by number.
  const classes = labels && Array.from({ length: labels.reduce((m, l) => Math.max(m, l), 0) + 1 }, (_, k) => String(k));
  return { name: 'arrays', sampleShape: [...shape], range, sample: draw(train, labels), sampleHeldOut: draw(data.test ?? train, testLabels), labels, classes };
}
