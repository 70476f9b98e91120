import { DatasetError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { imageFolderDataset } from './images.js';
import { fashionMnistDataset, mnistDataset } from './mnist.js';
import { toyDataset } from './toy.js';

export type { Dataset } from './dataset.js';
export { sampleSize, DATASET_RANGE } from './dataset.js';

export const DATASET_NAMES = ['toy-8gaussians', 'toy-25gaussians', 'toy-swissroll', 'mnist', 'fashion-mnist', 'images'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Opens a data set by name; `dataDir` names the image folder ('images') or an IDX folder (MNIST-format). */
export async function loadDataset(name: DatasetName, dataDir?: string): Promise<Dataset> {
  switch (name) {
    case 'toy-8gaussians':
    case 'toy-25gaussians':
    case 'toy-swissroll':
      return toyDataset(name);
    case 'mnist':
      return mnistDataset(dataDir);
    case 'fashion-mnist':
      return fashionMnistDataset(dataDir);
    case 'images':
      if (!dataDir) throw new DatasetError("the 'images' dataset needs dataDir (--data-dir): a folder of PNG/JPEG images");
      return imageFolderDataset(dataDir);
  }
}
