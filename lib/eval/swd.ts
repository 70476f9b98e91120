/**
 * The multi-scale sliced Wasserstein distance of Karras et al. 2018 (Progressive Growing of GANs,
 * section 5), with the parameters of their reference code (metrics/sliced_wasserstein.py): a Laplacian
 * pyramid of each image (5×5 binomial filter, mirrored edges, levels from the full size down to 16
 * pixels), 128 random 7×7 patches per image and level, each level's descriptors normalised per channel
 * by their own mean and standard deviation, then the 1-D Wasserstein distance along 4 × 128 random unit
 * directions, averaged; reported ×10³ per level and as their mean. It needs no network and no download.
 * Projections run as a dense layer in the native core (off the main thread); sorting runs in slices.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InvalidArgumentError } from '../errors.js';
import { DataRandom } from '../random.js';
import { Sequential } from '../sequential.js';
import { sortFloat32 } from './radix-sort.js';

export const SWD_PARAMETERS = { patchSize: 7, patchesPerImage: 128, directionRepeats: 4, directionsPerRepeat: 128, minResolution: 16 } as const;

export interface SwdMetrics {
  kind: 'swd';
  /** per pyramid level, from the full size down: its resolution (smaller side) and SWD ×10³ */
  levels: { resolution: number; swd: number }[];
  /** the mean over the levels */
  swd: number;
  samples: number;
}

const TAPS = [1, 4, 6, 4, 1].map((t) => t / 16);
/** scipy.ndimage's 'mirror' edge mode: reflect about the edge sample, which is not repeated */
const mirror = (i: number, n: number) => (n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);

/** The resolutions (smaller side) of the pyramid levels of an image shape; none below 16 pixels. */
export function swdResolutions(height: number, width: number): number[] {
  const out: number[] = [];
  for (let r = Math.min(height, width); r >= SWD_PARAMETERS.minResolution; r = Math.floor(r / 2)) out.push(r);
  return out;
}

/** Separable 5×5 binomial filter (weights × gain) of one plane, mirrored at the edges. */
function blur(plane: Float32Array, h: number, w: number, gain: number): Float32Array {
  const rows = new Float32Array(h * w), out = new Float32Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -2; t <= 2; t++) s += TAPS[t + 2] * plane[y * w + mirror(x + t, w)];
      rows[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -2; t <= 2; t++) s += TAPS[t + 2] * rows[mirror(y + t, h) * w + x];
      out[y * w + x] = s * gain;
    }
  return out;
}

/** cv2.pyrDown: blur, keep every second sample. */
function pyrDown(plane: Float32Array, h: number, w: number): { plane: Float32Array; h: number; w: number } {
  const b = blur(plane, h, w, 1), dh = Math.ceil(h / 2), dw = Math.ceil(w / 2), out = new Float32Array(dh * dw);
  for (let y = 0; y < dh; y++) for (let x = 0; x < dw; x++) out[y * dw + x] = b[2 * y * w + 2 * x];
  return { plane: out, h: dh, w: dw };
}

/** cv2.pyrUp to h × w: samples at the even positions, zeros between, blurred with 4× gain. */
function pyrUp(small: Float32Array, sh: number, sw: number, h: number, w: number): Float32Array {
  const up = new Float32Array(h * w);
  for (let y = 0; y < sh && 2 * y < h; y++) for (let x = 0; x < sw && 2 * x < w; x++) up[2 * y * w + 2 * x] = small[y * sw + x];
  return blur(up, h, w, 4);
}

/** The Laplacian pyramid of one C×H×W image: per level, C planes; the last level is the blurred image. */
export function laplacianPyramid(image: Float32Array, shape: readonly number[], levels: number): { planes: Float32Array[]; h: number; w: number }[] {
  const [c, h, w] = shape;
  let current: { planes: Float32Array[]; h: number; w: number } = { planes: Array.from({ length: c }, (_, k) => image.slice(k * h * w, (k + 1) * h * w)), h, w };
  const pyramid: { planes: Float32Array[]; h: number; w: number }[] = [];
  for (let l = 1; l < levels; l++) {
    const down = current.planes.map((p) => pyrDown(p, current.h, current.w));
    const next = { planes: down.map((d) => d.plane), h: down[0].h, w: down[0].w };
    const detail = current.planes.map((p, k) => {
      const up = pyrUp(next.planes[k], next.h, next.w, current.h, current.w);
      return p.map((v, i) => v - up[i]);
    });
    pyramid.push({ planes: detail, h: current.h, w: current.w });
    current = next;
  }
  pyramid.push(current);
  return pyramid;
}

/** Normalised 7×7 patch descriptors of n images, per level: n·128 rows of C·49 values. */
export async function swdDescriptors(images: Float32Array, n: number, shape: readonly number[], seed: number): Promise<Float32Array[]> {
  const [c, h, w] = shape;
  const resolutions = swdResolutions(h, w);
  if (!resolutions.length) throw new InvalidArgumentError(`the sliced Wasserstein distance needs images of at least ${SWD_PARAMETERS.minResolution}x${SWD_PARAMETERS.minResolution}, got ${h}x${w}`);
  const { patchSize, patchesPerImage } = SWD_PARAMETERS, half = patchSize >> 1, dim = c * patchSize * patchSize;
  const rng = DataRandom.seeded(seed);
  const levels = resolutions.map(() => new Float32Array(n * patchesPerImage * dim));
  const size = c * h * w;
  for (let i = 0; i < n; i++) {
    const pyramid = laplacianPyramid(images.subarray(i * size, (i + 1) * size), shape, resolutions.length);
    pyramid.forEach((level, l) => {
      for (let p = 0; p < patchesPerImage; p++) {
        const x0 = half + rng.int(level.w - 2 * half), y0 = half + rng.int(level.h - 2 * half);
        const row = levels[l].subarray((i * patchesPerImage + p) * dim, (i * patchesPerImage + p + 1) * dim);
        let k = 0;
        for (let ch = 0; ch < c; ch++)
          for (let dy = -half; dy <= half; dy++) for (let dx = -half; dx <= half; dx++) row[k++] = level.planes[ch][(y0 + dy) * level.w + x0 + dx];
      }
    });
    if (i % 32 === 31) await nextTurn();
  }
  for (const d of levels) normalisePerChannel(d, c, patchSize * patchSize);
  return levels;
}

/** desc -= mean over (descriptors, y, x) per channel; desc /= std likewise (numpy's population std). */
function normalisePerChannel(desc: Float32Array, channels: number, perChannel: number): void {
  const dim = channels * perChannel, rows = desc.length / dim;
  for (let ch = 0; ch < channels; ch++) {
    let sum = 0, sq = 0;
    for (let r = 0; r < rows; r++) for (let k = 0; k < perChannel; k++) sum += desc[r * dim + ch * perChannel + k];
    const mean = sum / (rows * perChannel);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < perChannel; k++) {
        const v = desc[r * dim + ch * perChannel + k] - mean;
        sq += v * v;
      }
    const std = Math.sqrt(sq / (rows * perChannel)) || 1;
    for (let r = 0; r < rows; r++) for (let k = 0; k < perChannel; k++) desc[r * dim + ch * perChannel + k] = (desc[r * dim + ch * perChannel + k] - mean) / std;
  }
}

/** Sorted projections of descriptors onto one repeat's unit directions, column by column. */
async function sortedProjections(model: Sequential, desc: Float32Array, dim: number): Promise<Float32Array[]> {
  const rows = desc.length / dim, dirs = SWD_PARAMETERS.directionsPerRepeat, chunk = 8192;
  const columns = Array.from({ length: dirs }, () => new Float32Array(rows));
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    const proj = await model.predictAsync(desc.subarray(first * dim, (first + count) * dim), count);
    for (let r = 0; r < count; r++) for (let j = 0; j < dirs; j++) columns[j][first + r] = proj[r * dirs + j];
  }
  const scratch = new Float32Array(rows);
  for (let j = 0; j < dirs; j++) {
    sortFloat32(columns[j], scratch);
    if (j % 16 === 15) await nextTurn();
  }
  return columns;
}

/** The sliced Wasserstein distance between two equally many descriptors of one level (not ×10³). */
export async function slicedWasserstein(a: Float32Array, b: Float32Array, dim: number, seed: number): Promise<number> {
  if (a.length !== b.length) throw new InvalidArgumentError(`both descriptor sets must be equally large, got ${a.length / dim} and ${b.length / dim}`);
  const { directionRepeats, directionsPerRepeat } = SWD_PARAMETERS;
  const rng = DataRandom.seeded(seed);
  const model = new Sequential({ inputShape: [dim], layers: [{ type: 'dense', units: directionsPerRepeat }] });
  try {
    let total = 0;
    for (let repeat = 0; repeat < directionRepeats; repeat++) {
      // directions: standard normal, each normalised to unit length; PyTorch layout [out, in]
      const weight = new Float32Array(directionsPerRepeat * dim);
      for (let j = 0; j < directionsPerRepeat; j++) {
        let norm = 0;
        for (let k = 0; k < dim; k++) norm += (weight[j * dim + k] = rng.normal()) ** 2;
        for (let k = 0; k < dim; k++) weight[j * dim + k] /= Math.sqrt(norm);
      }
      model.setParameters({ '0.weight': weight, '0.bias': new Float32Array(directionsPerRepeat) });
      const [pa, pb] = [await sortedProjections(model, a, dim), await sortedProjections(model, b, dim)];
      let sum = 0;
      for (let j = 0; j < directionsPerRepeat; j++) for (let r = 0; r < pa[j].length; r++) sum += Math.abs(pa[j][r] - pb[j][r]);
      total += sum / (directionsPerRepeat * pa[0].length);
    }
    return total / directionRepeats;
  } finally {
    model.dispose();
  }
}

/** SWD between n real and n generated images (same shape, values in any common range). The real
 *  images' descriptors can be computed once (swdDescriptors) and passed again for every measurement. */
export async function swdMetrics(real: Float32Array[], fake: Float32Array, n: number, shape: readonly number[], seed = 0): Promise<SwdMetrics> {
  const fakeDesc = await swdDescriptors(fake, n, shape, seed + 1);
  const dim = shape[0] * SWD_PARAMETERS.patchSize ** 2;
  const resolutions = swdResolutions(shape[1], shape[2]);
  const levels: SwdMetrics['levels'] = [];
  for (let l = 0; l < resolutions.length; l++) levels.push({ resolution: resolutions[l], swd: 1e3 * (await slicedWasserstein(real[l], fakeDesc[l], dim, seed + 2 + l)) });
  return { kind: 'swd', levels, swd: levels.reduce((s, l) => s + l.swd, 0) / levels.length, samples: n };
}
