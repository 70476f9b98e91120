/** Sorts float32 values ascending by a least-significant-digit radix sort on their bit patterns
 *  (3 passes of 11 bits). The sliced Wasserstein distance sorts 512 columns of ~10⁵ projections per
 *  pyramid level; V8's TypedArray sort took ~15 ms per column here, this takes a fraction of it. */
export function sortFloat32(values: Float32Array, scratch = new Float32Array(values.length)): Float32Array {
  const n = values.length;
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n);
  let other: Uint32Array = new Uint32Array(scratch.buffer, scratch.byteOffset, n);
  // Map the bits to an order-preserving unsigned key: flip all bits of negatives, the sign bit of the rest.
  for (let i = 0; i < n; i++) keys[i] = keys[i] & 0x80000000 ? ~keys[i] >>> 0 : (keys[i] | 0x80000000) >>> 0;
  const counts = new Uint32Array(2048);
  for (const shift of [0, 11, 22]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) other[counts[(keys[i] >>> shift) & 2047]++] = keys[i];
    [keys, other] = [other, keys];
  }
  // three passes: the sorted keys are in `keys`, which is scratch's memory; map back into values
  const out = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = keys[i] & 0x80000000 ? (keys[i] & 0x7fffffff) >>> 0 : ~keys[i] >>> 0;
  return values;
}
