/**
 * The packed data set file (.wgands): images decoded once, stored as bytes so that training can read
 * any image at a known offset without loading the file. Layout (little-endian):
 *
 *   offset 0   8 bytes  magic "WGANDS01"
 *          8   uint32   channels (1 or 3)
 *         12   uint32   height
 *         16   uint32   width
 *         20   uint32   0 (reserved)
 *         24   uint64   N, the number of images
 *         32   uint64   offset of the metadata JSON
 *         40   uint64   length of the metadata JSON in bytes
 *         48   16 bytes 0 (reserved)
 *         64   N × C·H·W bytes: the images, each planar (C planes of H rows of W bytes)
 *              N × uint16: the class of each image (0 when the data has no classes)
 *              N × uint8: 1 where the image is held out, 0 where it trains
 *              the metadata: UTF-8 JSON {format, classes, source, fit, skipped, createdBy}
 *
 * The file is written under a temporary name and renamed when complete; the magic is written last.
 */
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { DatasetError } from '../errors.js';
import type { DataRandom } from '../random.js';
import { VERSION } from '../version.js';
import type { Dataset, DataReport } from './dataset.js';
import { bytesToSample, IMAGE_RANGE, type Fit } from './image-spec.js';
import { drawImages, pickedLabels, storeDataset, type ImageStore } from './image-store.js';
import { storeReport } from './folder.js';
import { chooseHeldOut } from './split.js';

export const PACKED_MAGIC = 'WGANDS01';
export const PACKED_FORMAT = 'wgan-gp-dataset/1';
export const PACKED_EXTENSION = '.wgands';
const HEADER_BYTES = 64;

export interface PackedHeader {
  file: string;
  shape: [number, number, number];
  count: number;
  metadataOffset: number;
  metadataLength: number;
}

export interface PackedMetadata {
  format: string;
  classes: string[];
  source: string;
  fit: Fit | null;
  skipped: DataReport['skipped'];
  createdBy: string;
}

/** Where the sections of a file with this header lie. */
function layout(h: Pick<PackedHeader, 'shape' | 'count'>) {
  const size = h.shape[0] * h.shape[1] * h.shape[2];
  const labels = HEADER_BYTES + h.count * size;
  const split = labels + 2 * h.count;
  return { size, labels, split, metadata: split + h.count };
}

/** Whether a path names a packed file (by its first bytes). */
export function isPackedFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const magic = Buffer.alloc(8);
      return readSync(fd, magic, 0, 8, 0) === 8 && magic.toString('latin1') === PACKED_MAGIC;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Reads and checks the header (synchronously: it is 64 bytes); a DatasetError names a file that is not
 *  a packed data set, is truncated, or whose sections do not add up. */
export function readPackedHeader(file: string): PackedHeader {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new DatasetError(`cannot open the packed data set ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const b = Buffer.alloc(HEADER_BYTES);
    const got = readSync(fd, b, 0, HEADER_BYTES, 0);
    if (got < 8 || b.toString('latin1', 0, 8) !== PACKED_MAGIC) throw new DatasetError(`${file} is not a packed data set (no ${PACKED_MAGIC} magic; an interrupted pack leaves none)`);
    if (got < HEADER_BYTES) throw new DatasetError(`${file} is truncated: its header has ${got} of ${HEADER_BYTES} bytes`);
    const channels = b.readUInt32LE(8), height = b.readUInt32LE(12), width = b.readUInt32LE(16);
    const header: PackedHeader = {
      file,
      shape: [channels, height, width],
      count: Number(b.readBigUInt64LE(24)),
      metadataOffset: Number(b.readBigUInt64LE(32)),
      metadataLength: Number(b.readBigUInt64LE(40)),
    };
    if ((channels !== 1 && channels !== 3) || height < 1 || width < 1 || header.count < 1)
      throw new DatasetError(`${file} has a corrupted header (${header.count} images of ${channels}x${height}x${width})`);
    const expected = layout(header).metadata;
    const fileBytes = fstatSync(fd).size;
    if (header.metadataOffset !== expected || fileBytes < expected + header.metadataLength)
      throw new DatasetError(
        `${file} is truncated or corrupted: its header promises ${header.count} images of ${channels}x${height}x${width} ` +
          `(${expected + header.metadataLength} bytes), the file has ${fileBytes}`,
      );
    return header;
  } finally {
    closeSync(fd);
  }
}

/** Writes a packed file image by image (bounded memory: only labels and names are kept). */
export class PackedWriter {
  private readonly labels: number[] = [];
  private readonly names: string[] = [];
  private readonly size: number;
  private readonly temp: string;

  private constructor(
    private readonly file: string,
    private readonly fh: FileHandle,
    temp: string,
    private readonly shape: [number, number, number],
  ) {
    this.size = shape[0] * shape[1] * shape[2];
    this.temp = temp;
  }

  static async create(file: string, shape: [number, number, number]): Promise<PackedWriter> {
    const temp = `${file}.tmp-${process.pid}`;
    let fh: FileHandle;
    try {
      fh = await open(temp, 'w');
    } catch (error) {
      throw new DatasetError(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
    }
    await fh.write(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    return new PackedWriter(file, fh, temp, shape);
  }

  get count() {
    return this.labels.length;
  }

  /** Appends one image (planar bytes), its class and its name (the name decides the held-out split). */
  async append(bytes: Uint8Array, label: number, name: string): Promise<void> {
    if (bytes.length !== this.size) throw new DatasetError(`an image of ${bytes.length} bytes cannot go into ${this.file} (${this.size} per image)`);
    await this.fh.write(bytes, 0, bytes.length, HEADER_BYTES + this.count * this.size);
    this.labels.push(label);
    this.names.push(name);
  }

  /** Writes labels, split and metadata, then the header, and renames the file into place. */
  async finish(meta: Omit<PackedMetadata, 'format' | 'createdBy'>): Promise<PackedHeader> {
    const count = this.count;
    const labels = Uint16Array.from(this.labels);
    const split = chooseHeldOut(this.names, labels, meta.classes.length);
    const held = new Uint8Array(count);
    if (split.test !== split.train) for (const i of split.test) held[i] = 1;
    const sections = layout({ shape: this.shape, count });
    const metadata = Buffer.from(JSON.stringify({ format: PACKED_FORMAT, ...meta, createdBy: `wgan-gp ${VERSION}` } satisfies PackedMetadata));
    await this.fh.write(Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength), 0, 2 * count, sections.labels);
    await this.fh.write(held, 0, count, sections.split);
    await this.fh.write(metadata, 0, metadata.length, sections.metadata);
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(PACKED_MAGIC, 0, 'latin1');
    header.writeUInt32LE(this.shape[0], 8);
    header.writeUInt32LE(this.shape[1], 12);
    header.writeUInt32LE(this.shape[2], 16);
    header.writeBigUInt64LE(BigInt(count), 24);
    header.writeBigUInt64LE(BigInt(sections.metadata), 32);
    header.writeBigUInt64LE(BigInt(metadata.length), 40);
    await this.fh.write(header, 0, HEADER_BYTES, 0);
    await this.fh.sync();
    await this.fh.close();
    await rename(this.temp, this.file);
    return { file: this.file, shape: this.shape, count, metadataOffset: sections.metadata, metadataLength: metadata.length };
  }

  /** Removes the temporary file of a pack that failed. */
  async discard(): Promise<void> {
    await this.fh.close().catch(() => {});
    await rm(this.temp, { force: true });
  }
}

/** Reads exactly `length` bytes at `position`; a short read means the file was truncated. */
async function readExactly(fh: FileHandle, file: string, out: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < out.length) {
    const { bytesRead } = await fh.read(out, done, out.length - done, position + done);
    if (bytesRead === 0) throw new DatasetError(`${file} is truncated: no bytes at offset ${position + done}`);
    done += bytesRead;
  }
}

/** The metadata section of a packed file, checked. */
function parseMetadata(file: string, bytes: Uint8Array): PackedMetadata {
  let meta: PackedMetadata;
  try {
    meta = JSON.parse(Buffer.from(bytes).toString('utf8')) as PackedMetadata;
  } catch (error) {
    throw new DatasetError(`${file}: its metadata is corrupted (${(error as Error).message})`, { cause: error });
  }
  if (meta.format !== PACKED_FORMAT) throw new DatasetError(`${file} has format '${meta.format}', expected '${PACKED_FORMAT}'`);
  return meta;
}

/** The metadata of a packed file, read synchronously (its class names, for a preset that builds its models
 *  for them before the data is opened). */
export function readPackedMetadata(file: string): PackedMetadata {
  const header = readPackedHeader(file);
  const bytes = Buffer.alloc(header.metadataLength);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, bytes, 0, bytes.length, header.metadataOffset);
  } finally {
    closeSync(fd);
  }
  return parseMetadata(file, bytes);
}

/** Everything of a packed file but its images: labels, split, metadata. */
export async function readPackedIndex(file: string): Promise<{ header: PackedHeader; store: Omit<ImageStore, 'pixels'>; meta: PackedMetadata }> {
  const header = readPackedHeader(file);
  const sections = layout(header);
  const fh = await open(file, 'r');
  try {
    const tail = new Uint8Array(3 * header.count + header.metadataLength);
    await readExactly(fh, file, tail, sections.labels);
    const labels = new Uint16Array(header.count);
    Buffer.from(labels.buffer).set(tail.subarray(0, 2 * header.count));
    const held = tail.subarray(2 * header.count, 3 * header.count);
    const meta = parseMetadata(file, tail.subarray(3 * header.count));
    const all = Uint32Array.from({ length: header.count }, (_, i) => i);
    const train = all.filter((i) => held[i] === 0), test = all.filter((i) => held[i] === 1);
    if (!train.length) throw new DatasetError(`${file} is corrupted: every image is marked held out`);
    for (const l of labels) if (l >= Math.max(meta.classes.length, 1)) throw new DatasetError(`${file} is corrupted: label ${l} but ${meta.classes.length} classes`);
    const store = { shape: header.shape, count: header.count, labels, classes: meta.classes, split: { train, test: test.length ? test : train } };
    return { header, store, meta };
  } finally {
    await fh.close();
  }
}

export interface PackedOptions {
  mirror: boolean;
  /** load the images when they take at most this many MB, else read them batch by batch */
  memoryBudgetMB: number;
}

/** Opens a packed file: loaded into memory when it fits the budget, else streamed from disk. The
 *  batches are the same either way (the same draws from the generator). */
export async function openPacked(file: string, o: PackedOptions): Promise<Dataset> {
  const { header, store, meta } = await readPackedIndex(file);
  const size = layout(header).size;
  const bytes = header.count * size;
  const streaming = bytes > o.memoryBudgetMB * 1024 * 1024;
  const report = storeReport(file, store, meta.skipped, streaming ? 'stream' : 'memory');
  const fh = await open(file, 'r');
  if (!streaming) {
    try {
      const pixels = new Uint8Array(bytes);
      await readExactly(fh, file, pixels, HEADER_BYTES);
      return storeDataset('packed', { ...store, pixels }, o.mirror, report);
    } finally {
      await fh.close();
    }
  }
  const draw = (indices: Uint32Array, mirror: boolean) => (rng: DataRandom, n: number, out: Float32Array, offset: number, labels?: Int32Array) => {
    const { picks, flips } = drawImages(rng, n, indices, mirror); // drawn now, read below
    if (labels) pickedLabels(store, picks, labels);
    const scratch = new Uint8Array(n * size);
    return Promise.all(
      Array.from(picks, async (pick, b) => {
        const image = scratch.subarray(b * size, (b + 1) * size);
        await readExactly(fh, file, image, HEADER_BYTES + pick * size);
        bytesToSample(image, store.shape, IMAGE_RANGE, flips[b] === 1, out, offset + b * size);
      }),
    ).then(() => {});
  };
  return {
    name: 'packed',
    sampleShape: [...store.shape],
    range: [...IMAGE_RANGE],
    sample: draw(store.split.train, o.mirror),
    sampleHeldOut: draw(store.split.test, false),
    classes: store.classes,
    labels: store.labels,
    report,
    close: () => fh.close(),
  };
}
