import { statSync } from 'node:fs';
import { DatasetError } from '../errors.js';
import type { Dataset } from './dataset.js';
import type { ReadProgress } from './folder.js';
import { listImageFolder, readImageFolder } from './folder.js';
import { imageSize, type Fit } from './image-spec.js';
import { storeDataset } from './image-store.js';
import { fashionMnistDataset, mnistDataset } from './mnist.js';
import { openPacked, readPackedMetadata } from './packed.js';
import { toyDataset } from './toy.js';
import { userDataset, type UserDataset } from './user.js';

export type { ClassInfo, Dataset, DataReport } from './dataset.js';
export { classesOf, sampleSize, DATASET_RANGE, displayRange } from './dataset.js';

export const DATASET_NAMES = ['toy-8gaussians', 'toy-25gaussians', 'toy-swissroll', 'mnist', 'fashion-mnist', 'images', 'packed'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
/** Data sets of images read from the user's files: a folder, or a packed file. */
export const isImageData = (name: string): name is 'images' | 'packed' => name === 'images' || name === 'packed';

/** How image data is read: the defaults of train() and `wgan-gp dataset`. */
export const IMAGE_DEFAULTS = { imageSize: 32, channels: 3 as 1 | 3, fit: 'cover' as Fit, mirror: false, strictData: false, memoryBudgetMB: 512 };

export interface DataOptions {
  dataset: DatasetName | 'arrays';
  dataDir?: string | null;
  /** a number (square) or [height, width] */
  imageSize?: number | [number, number] | null;
  channels?: 1 | 3 | null;
  fit?: Fit;
  mirror?: boolean;
  strictData?: boolean;
  memoryBudgetMB?: number;
  /** the caller's arrays, for dataset 'arrays' (already validated) */
  arrays?: UserDataset & { range: [number, number] };
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The class names of an image folder (its first-level subfolders) or packed file, found without reading
 *  the images: what a conditional image preset builds its models for. */
export function imageClassNames(dataset: 'images' | 'packed', dataDir: string): string[] {
  return dataset === 'packed' || isFile(dataDir) ? readPackedMetadata(dataDir).classes : listImageFolder(dataDir).classes;
}

/** Opens the data set of a run. 'images' with a dataDir that is a file reads it as a packed file. */
export async function openDataset(o: DataOptions): Promise<Dataset> {
  switch (o.dataset) {
    case 'toy-8gaussians':
    case 'toy-25gaussians':
    case 'toy-swissroll':
      return toyDataset(o.dataset);
    case 'mnist':
      return mnistDataset(o.dataDir ?? undefined);
    case 'fashion-mnist':
      return fashionMnistDataset(o.dataDir ?? undefined);
    case 'arrays':
      if (!o.arrays) throw new DatasetError("the dataset 'arrays' came from the caller's code: pass it again as train({ dataset: { shape, train, ... } })");
      return userDataset(o.arrays);
    case 'images':
    case 'packed': {
      if (!o.dataDir) throw new DatasetError(`the '${o.dataset}' dataset needs dataDir (--data-dir): a folder of images or a packed .wgands file`);
      const mirror = o.mirror ?? IMAGE_DEFAULTS.mirror;
      if (o.dataset === 'packed' || isFile(o.dataDir)) return openPacked(o.dataDir, { mirror, memoryBudgetMB: o.memoryBudgetMB ?? IMAGE_DEFAULTS.memoryBudgetMB });
      const [height, width] = imageSize(o.imageSize ?? IMAGE_DEFAULTS.imageSize);
      const spec = { height, width, channels: o.channels ?? IMAGE_DEFAULTS.channels, fit: o.fit ?? IMAGE_DEFAULTS.fit };
      const budget = o.memoryBudgetMB ?? IMAGE_DEFAULTS.memoryBudgetMB;
      const { store, report } = await readImageFolder(o.dataDir, spec, { strict: o.strictData, onProgress: o.onProgress, signal: o.signal, memoryBudgetMB: budget });
      return storeDataset('images', store, mirror, report);
    }
  }
}

/** Opens a data set by name; `dataDir` names the image folder or packed file ('images'), or an IDX folder (MNIST-format). */
export async function loadDataset(name: DatasetName, dataDir?: string, options: Omit<DataOptions, 'dataset' | 'dataDir'> = {}): Promise<Dataset> {
  return openDataset({ ...options, dataset: name, dataDir });
}
