/** IEEE 754 half precision, the `--half` weights format: written by the exporter, read by the page.
 *  By hand because Float16Array is not in Node 20 nor in every browser yet. */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The nearest half (ties to even) of each value, as raw 16-bit patterns. */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000, exp = (x >>> 23) & 0xff, mant = x & 0x7fffff;
    let h: number;
    if (exp === 0xff) h = 0x7c00 | (mant ? 0x200 : 0); // Inf, NaN
    else {
      const e = exp - 127 + 15;
      if (e >= 31) h = 0x7c00; // too large: Inf
      else if (e <= 0) {
        // subnormal half (or 0): shift the mantissa with its implicit 1, rounding to nearest even
        if (e < -10) h = 0;
        else {
          const m = mant | 0x800000, shift = 14 - e;
          const half = 1 << (shift - 1), rest = m & ((1 << shift) - 1);
          h = m >>> shift;
          if (rest > half || (rest === half && h & 1)) h++;
        }
      } else {
        h = (e << 10) | (mant >>> 13);
        const rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // a carry into the exponent is still right
      }
    }
    out[i] = sign | h;
  }
  return out;
}

export function decodeFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i], sign = h & 0x8000 ? -1 : 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
    if (exp === 0) out[i] = sign * mant * 2 ** -24;
    else if (exp === 31) out[i] = mant ? NaN : sign * Infinity;
    else out[i] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return out;
}
