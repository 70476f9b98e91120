/** What the trainer needs of a data set: batches of samples drawn with a seeded generator. */
import { DatasetError } from '../errors.js';
import type { DataRandom } from '../random.js';

export interface Dataset {
  name: string;
  /** per-sample shape: [2] for toy points, [C, H, W] for images */
  sampleShape: number[];
  /** the range of a value, for display: [0, 1] or [-1, 1] */
  range: [number, number];
  /** Writes n training samples at out[offset...] (drawn i.i.d. with replacement). The generator is
   *  advanced before it returns; a data set read from a file finishes writing when the promise settles.
   *  `labels` (data with classes only) receives the class of each drawn sample, labels[0..n); asking for
   *  them draws nothing more. */
  sample(rng: DataRandom, n: number, out: Float32Array, offset: number, labels?: Int32Array): void | Promise<void>;
  /** Writes n held-out samples (the test split where the data has one), and their labels as sample() does. */
  sampleHeldOut(rng: DataRandom, n: number, out: Float32Array, offset: number, labels?: Int32Array): void | Promise<void>;
  /** The samples with their class labels, when the data has them (MNIST, Fashion-MNIST). */
  labelled?: LabelledSplits;
  /** The names of the classes its labels index (MNIST's digits, Fashion-MNIST's garments, an image folder's
   *  or packed file's first-level subfolders, user arrays' labels); empty or absent where it has none. */
  classes?: string[];
  /** The class of each stored sample, when the data has classes (kept for conditional generation). */
  labels?: Uint16Array;
  /** What was read: counts, skipped files, whether it streams (config.json and `dataset info` show it). */
  report?: DataReport;
  /** Releases an open file (a streamed packed data set). */
  close?(): Promise<void>;
}

/** A summary of an image data set as it was read. */
export interface DataReport {
  source: string;
  images: number;
  train: number;
  heldOut: number;
  /** images per class name, when the data has classes */
  classes?: Record<string, number>;
  /** files that could not be read or decoded: how many, and the first few names */
  skipped: { count: number; first: string[] };
  /** 'memory', or 'stream' for a packed file read batch by batch */
  storage: 'memory' | 'stream';
  /** bytes of the images as stored (uint8) */
  bytes: number;
}

/** The classes of a data set's labels: what a conditional run's config and checkpoint record. */
export interface ClassInfo {
  count: number;
  names: string[];
}

/** The classes of a data set, or null where its samples have no labels. */
export function classesOf(d: Dataset): ClassInfo | null {
  return d.classes?.length ? { count: d.classes.length, names: [...d.classes] } : null;
}

/** The label of a drawn sample, for data without labels an error (the trainer asks only data with classes). */
export function labelOf(labels: ArrayLike<number> | undefined, i: number, samples: string): number {
  if (!labels) throw new DatasetError(`the ${samples} have no class labels`);
  return labels[i];
}

/** Both splits of a labelled data set: samples one after another, one label per sample. */
export interface LabelledSplits {
  train: { samples: Float32Array; labels: Uint8Array };
  test: { samples: Float32Array; labels: Uint8Array };
}

/** The value range of each data set's samples: toy points are unbounded, shown on [-2, 2]. */
export const DATASET_RANGE = {
  'toy-8gaussians': [-2, 2],
  'toy-25gaussians': [-2, 2],
  'toy-swissroll': [-2, 2],
  mnist: [0, 1],
  'fashion-mnist': [0, 1],
  images: [-1, 1],
  packed: [-1, 1],
} as const satisfies Record<string, readonly [number, number]>;

/** The value range a run's samples are shown in: its own arrays' range, else its data set's (one home for it). */
export function displayRange(config: { dataset: keyof typeof DATASET_RANGE | 'arrays'; dataRange?: [number, number] | null }): [number, number] {
  if (config.dataRange) return [...config.dataRange];
  return [...DATASET_RANGE[config.dataset === 'arrays' ? 'images' : config.dataset]];
}

export const sampleSize = (d: Dataset) => d.sampleShape.reduce((a, b) => a * b, 1);

/** A data set held as two arrays of samples (train and held-out). */
export function arrayDataset(
  name: string,
  sampleShape: number[],
  range: [number, number],
  train: Float32Array,
  test: Float32Array,
  labels?: { train: Uint8Array; test: Uint8Array; names: string[] },
): Dataset {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const draw = (source: Float32Array, sourceLabels?: Uint8Array) => (rng: DataRandom, n: number, out: Float32Array, offset: number, into?: Int32Array) => {
    const count = source.length / size;
    for (let b = 0; b < n; b++) {
      const i = rng.int(count);
      out.set(source.subarray(i * size, (i + 1) * size), offset + b * size);
      if (into) into[b] = labelOf(sourceLabels, i, `'${name}' samples`);
    }
  };
  const labelled = labels && { train: { samples: train, labels: labels.train }, test: { samples: test, labels: labels.test } };
  return { name, sampleShape, range, sample: draw(train, labels?.train), sampleHeldOut: draw(test, labels?.test), labelled, classes: labels?.names };
}
