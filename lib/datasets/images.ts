/** A folder of PNG/JPEG/WebP images, decoded and resized with sharp (centre crop to a square), as
 *  [3, size, size] values in [-1, 1] like gan_cifar.py's. The last tenth is held out. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DatasetError } from '../errors.js';
import { arrayDataset, DATASET_RANGE, type Dataset } from './dataset.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.bmp']);

export async function imageFolderDataset(dir: string, size = 32): Promise<Dataset> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort();
  } catch (error) {
    throw new DatasetError(`cannot read the image folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (names.length === 0) throw new DatasetError(`the image folder ${dir} has no PNG/JPEG/WebP images`);
  const { default: sharp } = await import('sharp'); // loaded only for image folders
  const plane = size * size;
  const all = new Float32Array(names.length * 3 * plane);
  await Promise.all(
    names.map(async (name, i) => {
      const file = join(dir, name);
      let pixels: Buffer;
      try {
        pixels = await sharp(file).removeAlpha().resize(size, size, { fit: 'cover' }).toColourspace('srgb').raw().toBuffer();
      } catch (error) {
        throw new DatasetError(`cannot decode the image ${file}: ${(error as Error).message}`, { cause: error });
      }
      // interleaved RGB -> planar CHW in [-1, 1]
      for (let p = 0; p < plane; p++)
        for (let c = 0; c < 3; c++) all[i * 3 * plane + c * plane + p] = (pixels[p * 3 + c] / 255) * 2 - 1;
    }),
  );
  const heldOut = names.length >= 10 ? Math.max(1, Math.floor(names.length / 10)) : 0;
  const split = (names.length - heldOut) * 3 * plane;
  const train = all.subarray(0, split);
  const test = heldOut > 0 ? all.subarray(split) : train;
  return arrayDataset('images', [3, size, size], [...DATASET_RANGE.images], train, test);
}
