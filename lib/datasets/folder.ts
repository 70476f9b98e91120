/**
 * Image folders: every PNG/JPEG/WebP/GIF/TIFF/AVIF file below a folder, recursively. When the
 * first-level subfolders hold the images (none lie at the top), their names are the class labels.
 * Each image is decoded with sharp, turned upright (EXIF), flattened onto black when it has alpha,
 * converted to grayscale or sRGB, fitted to the size and kept as bytes. Files that cannot be read or
 * decoded are skipped and counted, unless strictData asks for an error.
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { DatasetError } from '../errors.js';
import type { DataReport } from './dataset.js';
import { imageBytes, type ImageSpec } from './image-spec.js';
import type { ImageStore } from './image-store.js';
import { orderedPool } from './ordered-pool.js';
import { chooseHeldOut } from './split.js';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif']);

/** Files decoded at once: a few per core keeps sharp's threads busy without holding every file. */
export const DECODE_CONCURRENCY = Math.max(4, 4 * availableParallelism());

/** How many skipped file names a report lists. */
export const SKIPPED_NAMES_SHOWN = 10;

export interface FolderListing {
  dir: string;
  /** paths relative to dir, sorted */
  files: string[];
  /** class index of each file (0 without classes) */
  labels: Uint16Array;
  classes: string[];
}

/** Lists the image files below dir and their classes; a DatasetError names a folder that cannot be read or holds no images. */
export function listImageFolder(dir: string): FolderListing {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
  } catch (error) {
    throw new DatasetError(`cannot read the image folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (files.length === 0) throw new DatasetError(`the image folder ${dir} has no PNG/JPEG/WebP/GIF/TIFF/AVIF images`);
  const byClass = files.every((f) => f.includes(sep));
  const classes = byClass ? [...new Set(files.map((f) => f.split(sep)[0]))].sort() : [];
  if (classes.length > 65535) throw new DatasetError(`the image folder ${dir} has ${classes.length} class folders; at most 65535 are supported`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = Uint16Array.from(files, (f) => (byClass ? index.get(f.split(sep)[0])! : 0));
  return { dir, files, labels, classes };
}

type Sharp = typeof import('sharp').default;
let sharpModule: Promise<Sharp> | undefined;
/** sharp is loaded only when images are read. */
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** One image as planar C×H×W bytes of the spec's size. Throws sharp's error when the file is not a readable image. */
export async function decodeImage(file: string, spec: ImageSpec): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const black = { r: 0, g: 0, b: 0, alpha: 1 };
  const { data, info } = await sharp(file, { failOn: 'error' })
    .rotate()
    .flatten({ background: black })
    .toColourspace(spec.channels === 1 ? 'b-w' : 'srgb')
    .resize(spec.width, spec.height, { fit: spec.fit, position: 'centre', background: black })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== spec.channels || info.width !== spec.width || info.height !== spec.height)
    throw new Error(`decoded as ${info.width}x${info.height}x${info.channels}, expected ${spec.width}x${spec.height}x${spec.channels}`);
  // interleaved H×W×C -> planar C×H×W
  const plane = spec.height * spec.width, out = new Uint8Array(imageBytes(spec));
  for (let p = 0; p < plane; p++) for (let c = 0; c < spec.channels; c++) out[c * plane + p] = data[p * spec.channels + c];
  return out;
}

export interface ReadProgress {
  done: number;
  total: number;
  skipped: number;
}

export interface ReadHooks {
  strict?: boolean;
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
}

/** Decodes the listed files in order with bounded concurrency; each decoded image goes to `accept`
 *  (with its listing index), each failure is counted or, when strict, thrown as a DatasetError. */
export async function decodeListing(
  listing: FolderListing,
  spec: ImageSpec,
  hooks: ReadHooks,
  accept: (bytes: Uint8Array, index: number) => void | Promise<void>,
): Promise<DataReport['skipped']> {
  const skipped: DataReport['skipped'] = { count: 0, first: [] };
  const total = listing.files.length;
  let lastReport = 0;
  await orderedPool(
    listing.files,
    DECODE_CONCURRENCY,
    (f) => decodeImage(join(listing.dir, f), spec).catch((error: Error) => error),
    async (result, i) => {
      if (result instanceof Error) {
        const file = join(listing.dir, listing.files[i]);
        if (hooks.strict) throw new DatasetError(`cannot decode the image ${file}: ${result.message} (strictData is set)`, { cause: result });
        skipped.count++;
        if (skipped.first.length < SKIPPED_NAMES_SHOWN) skipped.first.push(listing.files[i]);
      } else await accept(result, i);
      const done = i + 1;
      if (done === total || done - lastReport >= 64) {
        lastReport = done;
        hooks.onProgress?.({ done, total, skipped: skipped.count });
      }
    },
    hooks.signal,
  );
  if (skipped.count === total)
    throw new DatasetError(`no image in ${listing.dir} could be decoded (${total} files tried; e.g. ${skipped.first.slice(0, 3).join(', ')})`);
  return skipped;
}

/** Reads a whole folder into memory as bytes. */
export async function readImageFolder(dir: string, spec: ImageSpec, hooks: ReadHooks & { memoryBudgetMB?: number } = {}): Promise<{ store: ImageStore; report: DataReport }> {
  const listing = listImageFolder(dir);
  const size = imageBytes(spec);
  const needMB = (listing.files.length * size) / 2 ** 20;
  if (hooks.memoryBudgetMB !== undefined && needMB > hooks.memoryBudgetMB)
    throw new DatasetError(
      `the ${listing.files.length} images of ${dir} take ${needMB.toFixed(0)} MB at ${spec.height}x${spec.width}x${spec.channels}, more than memoryBudgetMB (${hooks.memoryBudgetMB}): ` +
        `pack them once (wgan-gp dataset pack ${dir} --image-size ${spec.height}x${spec.width} --out data.wgands) and train from the file, which streams, or raise the budget`,
    );
  let pixels = new Uint8Array(listing.files.length * size);
  const kept: number[] = []; // listing indices of the images that decoded
  const skipped = await decodeListing(listing, spec, hooks, (bytes, i) => {
    pixels.set(bytes, kept.length * size);
    kept.push(i);
  });
  if (kept.length < listing.files.length) pixels = pixels.slice(0, kept.length * size);
  const labels = Uint16Array.from(kept, (i) => listing.labels[i]);
  const split = chooseHeldOut(kept.map((i) => listing.files[i]), labels, listing.classes.length);
  const store: ImageStore = { shape: [spec.channels, spec.height, spec.width], count: kept.length, pixels, labels, classes: listing.classes, split };
  return { store, report: storeReport(dir, store, skipped, 'memory') };
}

/** The report of a store: counts, classes, skipped files, bytes. */
export function storeReport(source: string, store: Omit<ImageStore, 'pixels'>, skipped: DataReport['skipped'], storage: DataReport['storage']): DataReport {
  const counts = new Array<number>(store.classes.length).fill(0);
  for (const l of store.labels) counts[l]++;
  return {
    source,
    images: store.count,
    train: store.split.train.length,
    heldOut: store.split.test === store.split.train ? 0 : store.split.test.length,
    classes: store.classes.length ? Object.fromEntries(store.classes.map((c, i) => [c, counts[i]])) : undefined,
    skipped,
    storage,
    bytes: store.count * store.shape[0] * store.shape[1] * store.shape[2],
  };
}
