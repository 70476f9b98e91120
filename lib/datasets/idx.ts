/** Reader of the IDX format of MNIST and Fashion-MNIST (big-endian header, then unsigned bytes). */
import { readFileSync } from 'node:fs';
import { DatasetError } from '../errors.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function readIdx(path: string): IdxArray {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (error) {
    throw new DatasetError(`cannot read the IDX file ${path}: ${(error as Error).message}`, { cause: error });
  }
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
