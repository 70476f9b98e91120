/**
 * The safetensors format (8-byte little-endian header length, a JSON header, then raw little-endian
 * data), for float32 tensors with string metadata. Written by hand: the format is a page long and the
 * npm packages for it are unmaintained; writing is atomic (temp file, fsync, rename, fsync of the folder).
 * Encoding and writing run off the main thread (a cifar checkpoint is 110 MB: ~0.5 s of hashing and I/O).
 */
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CheckpointError } from '../errors.js';

export interface TensorEntry {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Record<string, TensorEntry>;
  metadata: Record<string, string>;
}

/** Bytes of a safetensors file; metadata.checksum is set to the sha256 of the data section (hashed on a
 *  worker thread by WebCrypto). */
export async function encodeSafetensors(tensors: Record<string, TensorEntry>, metadata: Record<string, string>): Promise<Buffer> {
  const header: Record<string, unknown> = {};
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const bytes = tensors[name].data.length * 4;
    header[name] = { dtype: 'F32', shape: tensors[name].shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const data = Buffer.alloc(offset);
  for (const name of names) {
    const [begin] = (header[name] as { data_offsets: number[] }).data_offsets;
    const t = tensors[name].data;
    Buffer.from(t.buffer, t.byteOffset, t.byteLength).copy(data, begin);
  }
  const checksum = Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
  header.__metadata__ = { ...metadata, checksum };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8); // keep the data 8-byte aligned
  const jsonBytes = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(jsonBytes.length));
  return Buffer.concat([length, jsonBytes, data]);
}

/** Parses and verifies (structure and checksum) a safetensors file; throws CheckpointError naming the file. */
export function decodeSafetensors(bytes: Buffer, file: string): SafetensorsFile {
  const bad = (why: string) => new CheckpointError(`${file} is not a valid checkpoint: ${why}`);
  if (bytes.length < 8) throw bad('shorter than its 8-byte header length');
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (headerLength > bytes.length - 8) throw bad('truncated (the header runs past the end of the file)');
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  } catch {
    throw bad('its header is not valid JSON');
  }
  const data = bytes.subarray(8 + headerLength);
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  if (metadata.checksum !== undefined && createHash('sha256').update(data).digest('hex') !== metadata.checksum)
    throw bad('its checksum does not match (the file is corrupted or truncated)');
  const tensors: Record<string, TensorEntry> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (e.dtype !== 'F32') throw bad(`tensor ${name} has dtype ${e.dtype}, only F32 is supported`);
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (end > data.length || end - begin !== count * 4) throw bad(`tensor ${name} lies outside the data or has the wrong size`);
    const copy = new Float32Array(count);
    Buffer.from(copy.buffer).set(data.subarray(begin, end));
    tensors[name] = { shape: e.shape, data: copy };
  }
  return { tensors, metadata };
}

export function readSafetensors(file: string): SafetensorsFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CheckpointError(`cannot read the checkpoint ${file}: ${(error as Error).message}`, { cause: error });
  }
  return decodeSafetensors(bytes, file);
}

/** Writes bytes to `file` atomically: a reader sees the old file or the whole new one, never a part. */
export async function writeFileAtomic(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const folder = await open(dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
