/**
 * Philox4x32-10 in TypeScript (BigInt products), as native/kernels/philox.h draws it: what the tests use to
 * know, independently of the native code, which uniforms and class labels an iteration draws.
 */
const M0 = 0xd2511f53n, M1 = 0xcd9e8d57n;
const W0 = 0x9e3779b9, W1 = 0xbb67ae85;
const MASK = 0xffffffffn;

function block(counter: bigint, key: bigint): number[] {
  let c0 = Number(counter & MASK), c1 = Number((counter >> 32n) & MASK), c2 = 0, c3 = 0;
  let k0 = Number(key & MASK), k1 = Number((key >> 32n) & MASK);
  for (let round = 0; round < 10; round++) {
    const p0 = M0 * BigInt(c0), p1 = M1 * BigInt(c2);
    const hi0 = Number(p0 >> 32n), lo0 = Number(p0 & MASK), hi1 = Number(p1 >> 32n), lo1 = Number(p1 & MASK);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

const bitsAt = (key: bigint, counter: bigint, i: number) => block(counter + BigInt(Math.floor(i / 4)), key)[i % 4];

/** Draws 0..count-1 of the uniform (0, 1] stream (key, counter), as float32 values. */
export const philoxUniforms = (key: bigint, counter: bigint, count: number) =>
  Float32Array.from({ length: count }, (_, i) => ((bitsAt(key, counter, i) >>> 8) + 1) / 16777216);

/** Draws 0..count-1 of the label stream (key, counter): classes in [0, classes). */
export const philoxLabels = (key: bigint, counter: bigint, count: number, classes: number) =>
  Int32Array.from({ length: count }, (_, i) => Number((BigInt(bitsAt(key, counter, i)) * BigInt(classes)) >> 32n));

/** The Philox counters a draw of `count` values uses. */
export const countersOf = (count: number) => BigInt(Math.ceil(count / 4));
