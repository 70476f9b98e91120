/** Reader of the IDX format of MNIST and Fashion-MNIST (big-endian header, then unsigned bytes), plain
 *  or gzip-compressed. Reading and inflating run off the main thread. */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../errors.js';

const inflate = promisify(gunzip);

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export async function readIdx(path: string): Promise<IdxArray> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (error) {
    throw new DatasetError(`cannot read the IDX file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (path.endsWith('.gz'))
    try {
      buf = await inflate(buf);
    } catch (error) {
      throw new DatasetError(`cannot decompress ${path}: ${(error as Error).message}`, { cause: error });
    }
  return parseIdx(buf, path);
}

export function parseIdx(buf: Buffer, path: string): IdxArray {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08)
    throw new DatasetError(`${path} is not an IDX file of unsigned bytes (bad magic number)`);
  const rank = buf[3];
  if (rank < 1 || rank > 4 || buf.length < 4 + 4 * rank) throw new DatasetError(`${path}: bad IDX header (rank ${rank})`);
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (buf.length !== start + count)
    throw new DatasetError(`${path} is truncated or corrupted: header says ${count} bytes of data, the file has ${buf.length - start}`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + start, count) };
}
