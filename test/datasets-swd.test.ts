/** The sliced Wasserstein distance (Karras et al. 2018) on image sets with known answers. */
import { describe, expect, it } from 'vitest';
import { sortFloat32 } from '../lib/eval/radix-sort.js';
import { swdDescriptors, swdMetrics, swdResolutions } from '../lib/eval/swd.js';
import { makeRandom } from './helpers.js';

const S = 32, N = 48, SHAPE = [3, S, S];

/** Images of soft coloured discs on a gradient: structure at several scales, values in [-1, 1]. */
function scenes(seed: number, n = N): Float32Array {
  const r = makeRandom(seed), out = new Float32Array(n * 3 * S * S);
  for (let i = 0; i < n; i++) {
    const discs = Array.from({ length: 3 }, () => ({ x: r.next() * S, y: r.next() * S, rad: 3 + r.next() * 8, c: [r.next(), r.next() * 0.5, r.next() * 0.2] }));
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++)
        for (let c = 0; c < 3; c++) {
          let v = (0.3 * y) / S;
          for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.rad ** 2) v = d.c[c];
          out[((i * 3 + c) * S + y) * S + x] = v * 2 - 1;
        }
  }
  return out;
}

function blurred(images: Float32Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let p = 0; p < images.length / (S * S); p++)
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        let s = 0, k = 0;
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) {
            const yy = y + dy, xx = x + dx;
            if (yy >= 0 && yy < S && xx >= 0 && xx < S) (s += images[p * S * S + yy * S + xx]), k++;
          }
        out[p * S * S + y * S + x] = s / k;
      }
  return out;
}

/** Colours shifted towards their neighbours' channel (red takes green, ...), a hue rotation. */
function colourShifted(images: Float32Array): Float32Array {
  const out = new Float32Array(images.length), plane = S * S;
  for (let i = 0; i < images.length / (3 * plane); i++)
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < plane; p++) out[(i * 3 + c) * plane + p] = images[(i * 3 + ((c + 1) % 3)) * plane + p];
  return out;
}

describe('sliced Wasserstein distance', () => {
  it('levels from the full size down to 16 pixels, as the reference', () => {
    expect(swdResolutions(64, 64)).toEqual([64, 32, 16]);
    expect(swdResolutions(128, 96)).toEqual([96, 48, 24]);
    expect(swdResolutions(8, 8)).toEqual([]);
  });

  it('real vs real of the same set is near 0, far below real vs noise; blurred and colour-shifted copies land in between', async () => {
    const real = await swdDescriptors(scenes(1), N, SHAPE, 10);
    const swd = async (images: Float32Array) => (await swdMetrics(real, images, N, SHAPE, 3)).swd;
    const other = scenes(2);
    const noise = Float32Array.from(makeRandom(5).array(N * 3 * S * S));
    const [same, blur, shift, random] = [await swd(other), await swd(blurred(other)), await swd(colourShifted(other)), await swd(noise)];
    expect(same).toBeLessThan(0.25 * random);
    expect(blur).toBeGreaterThan(1.5 * same);
    expect(shift).toBeGreaterThan(1.5 * same);
    expect(blur).toBeLessThan(random);
    expect(shift).toBeLessThan(random);
  }, 120_000);

  it('the radix sort orders float32 values as the ordinary sort does, negatives, zeros and infinities included', () => {
    const r = makeRandom(7);
    const a = Float32Array.from({ length: 5000 }, () => (r.next() - 0.5) * 1e6);
    a.set([-0, 0, -Infinity, Infinity, -1e-40, 1e-40], 0);
    const want = Float32Array.from(a).sort();
    expect(Array.from(sortFloat32(Float32Array.from(a)), (v) => v || 0)).toEqual(Array.from(want, (v) => v || 0));
  });
});
