// JSON for the subset's files, with each Float32Array as the base64 of its bytes: exact, and compact enough
// for the 4.3M parameters of the cifar critic. Shared by test/platform/subset.ts and run-subset.mjs.
export function replacer(key, value) {
  return value instanceof Float32Array ? { f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } : value;
}

export function reviver(key, value) {
  if (value === null || typeof value !== 'object' || typeof value.f32 !== 'string') return value;
  return new Float32Array(new Uint8Array(Buffer.from(value.f32, 'base64')).buffer);
}
