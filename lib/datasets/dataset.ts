/** What the trainer needs of a data set: batches of samples drawn with a seeded generator. */
import type { DataRandom } from '../random.js';

export interface Dataset {
  name: string;
  /** per-sample shape: [2] for toy points, [C, H, W] for images */
  sampleShape: number[];
  /** the range of a value, for display: [0, 1] or [-1, 1] */
  range: [number, number];
  /** Writes n training samples at out[offset...] (drawn i.i.d. with replacement). The generator is
   *  advanced before it returns; a data set read from a file finishes writing when the promise settles. */
  sample(rng: DataRandom, n: number, out: Float32Array, offset: number): void | Promise<void>;
  /** Writes n held-out samples (the test split where the data has one). */
  sampleHeldOut(rng: DataRandom, n: number, out: Float32Array, offset: number): void | Promise<void>;
  /** The samples with their class labels, when the data has them (MNIST, Fashion-MNIST). */
  labelled?: LabelledSplits;
  /** Class names of an image folder or packed file (its first-level subfolders), when it has them. */
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
  labels?: { train: Uint8Array; test: Uint8Array },
): Dataset {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const draw = (source: Float32Array) => (rng: DataRandom, n: number, out: Float32Array, offset: number) => {
    const count = source.length / size;
    for (let b = 0; b < n; b++) {
      const i = rng.int(count);
      out.set(source.subarray(i * size, (i + 1) * size), offset + b * size);
    }
  };
  const labelled = labels && { train: { samples: train, labels: labels.train }, test: { samples: test, labels: labels.test } };
  return { name, sampleShape, range, sample: draw(train), sampleHeldOut: draw(test), labelled };
}
