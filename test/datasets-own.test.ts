/** Your own data: image folders made here with sharp, packed files, user arrays, and training on them. */
import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, InvalidArgumentError, loadDataset, train } from '../lib/index.js';
import { packFolder } from '../lib/datasets/pack.js';
import { readPackedIndex } from '../lib/datasets/packed.js';
import { DataRandom } from '../lib/random.js';
import { readSafetensors } from '../lib/train/safetensors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-own-'));

/** A w×h RGB image whose pixel colour is colour(x, y). */
function rgb(w: number, h: number, colour: (x: number, y: number) => [number, number, number]) {
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(colour(x, y), (y * w + x) * 3);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } });
}

/** The messy folder of the issue: PNG, JPEG, WebP of several sizes and aspect ratios, grayscale, 16-bit,
 *  alpha, a zero-byte file and a text file named .png, in two class folders (one nested deeper). */
async function messyFolder(): Promise<string> {
  const dir = join(tmp(), 'photos');
  for (const c of ['cats', 'dogs', 'dogs/puppies']) mkdirSync(join(dir, c), { recursive: true });
  for (let i = 0; i < 12; i++) {
    const img = rgb(30 + 9 * i, 60 - 3 * i, (x, y) => [(x * 7) % 256, (y * 5) % 256, 40 * (i % 6)]);
    const cls = i % 2 ? 'cats' : i % 4 ? 'dogs' : 'dogs/puppies';
    await [() => img.png(), () => img.jpeg({ quality: 90 }), () => img.webp({ quality: 90 })][i % 3]().toFile(join(dir, cls, `p${i}.${['png', 'jpg', 'webp'][i % 3]}`));
  }
  await sharp(Buffer.alloc(40 * 30, 128), { raw: { width: 40, height: 30, channels: 1 } }).toColourspace('b-w').png().toFile(join(dir, 'cats', 'gray.png'));
  await sharp(new Uint16Array(50 * 50).fill(40000), { raw: { width: 50, height: 50, channels: 1 } }).toColourspace('grey16').png().toFile(join(dir, 'dogs', 'deep16.png'));
  await sharp({ create: { width: 33, height: 47, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toFile(join(dir, 'cats', 'alpha.png'));
  writeFileSync(join(dir, 'dogs', 'empty.jpg'), Buffer.alloc(0));
  writeFileSync(join(dir, 'cats', 'notes.png'), 'this is text, not a PNG');
  return dir;
}

let messy: string;
beforeAll(async () => {
  messy = await messyFolder();
});

describe('image folders', () => {
  it('reads every decodable image at any size and channels, skips and names the broken ones, labels by class folder', async () => {
    for (const channels of [1, 3] as const) {
      const d = await loadDataset('images', messy, { imageSize: [48, 40], channels });
      expect(d.sampleShape).toEqual([channels, 48, 40]);
      expect(d.report!.images).toBe(15);
      expect(d.report!.skipped.count).toBe(2);
      expect([...d.report!.skipped.first].sort()).toEqual(['cats/notes.png', 'dogs/empty.jpg']);
      expect(d.classes).toEqual(['cats', 'dogs']);
      expect(d.report!.classes).toEqual({ cats: 8, dogs: 7 }); // dogs/puppies belongs to dogs
      expect(d.report!.bytes).toBe(15 * channels * 48 * 40);
      const x = new Float32Array(8 * channels * 48 * 40);
      await d.sample(DataRandom.seeded(1), 8, x, 0);
      expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...x)).toBeLessThanOrEqual(1);
    }
  });

  it('holds out a tenth per class, the same every time, whatever the seed', async () => {
    const dir = join(tmp(), 'classes');
    for (const [c, n] of [['a', 30], ['b', 20]] as const) {
      mkdirSync(join(dir, c), { recursive: true });
      for (let i = 0; i < n; i++) await rgb(8, 8, () => [c === 'a' ? 255 : 0, i, 0]).png().toFile(join(dir, c, `${i}.png`));
    }
    const a = await loadDataset('images', dir, { imageSize: 8 });
    const b = await loadDataset('images', dir, { imageSize: 8 });
    expect(a.report!.heldOut).toBe(3 + 2);
    const heldOut = async (d: typeof a) => {
      const x = new Float32Array(200 * 3 * 64);
      await d.sampleHeldOut(DataRandom.seeded(3), 200, x, 0);
      return new Set(Array.from({ length: 200 }, (_, i) => `${Math.round(x[i * 192])},${Math.round((x[i * 192 + 64] + 1) * 127.5)}`));
    };
    const held = await heldOut(a);
    expect(held).toEqual(await heldOut(b));
    expect([...held].filter((k) => k.startsWith('1,')).length).toBe(3); // class a (red)
    expect([...held].filter((k) => k.startsWith('-1,')).length).toBe(2);
  });

  it("fits by 'cover' (centre crop), 'contain' (black bars) and 'fill' (stretch), checked on pixel values", async () => {
    // 40x20: green | red | blue | green bands of 10 columns
    const dir = join(tmp(), 'fit');
    mkdirSync(dir);
    await rgb(40, 20, (x) => (x < 10 || x >= 30 ? [0, 255, 0] : x < 20 ? [255, 0, 0] : [0, 0, 255])).png().toFile(join(dir, 'bands.png'));
    const pixel = async (fit: 'cover' | 'contain' | 'fill', x: number, y: number) => {
      const d = await loadDataset('images', dir, { imageSize: 20, fit });
      const s = new Float32Array(3 * 400);
      await d.sample(DataRandom.seeded(0), 1, s, 0);
      return [0, 1, 2].map((c) => Math.round(((s[c * 400 + y * 20 + x] + 1) / 2) * 255));
    };
    const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]) < 40);
    expect(near(await pixel('cover', 1, 10), [255, 0, 0])).toBe(true); // the green bands are cropped away
    expect(near(await pixel('cover', 18, 0), [0, 0, 255])).toBe(true);
    expect(near(await pixel('fill', 1, 10), [0, 255, 0])).toBe(true); // everything stretched in
    expect(near(await pixel('fill', 1, 0), [0, 255, 0])).toBe(true);
    expect(near(await pixel('contain', 1, 10), [0, 255, 0])).toBe(true);
    expect(near(await pixel('contain', 10, 1), [0, 0, 0])).toBe(true); // black bar above the 20x10 image
    expect(near(await pixel('contain', 10, 18), [0, 0, 0])).toBe(true);
  });

  it('mirror flips drawn images left-right about half the time, exactly', async () => {
    const dir = join(tmp(), 'mirror');
    mkdirSync(dir);
    await rgb(16, 16, (x, y) => [x * 16, y * 16, x < 4 ? 255 : 0]).png().toFile(join(dir, 'asym.png'));
    const plain = new Float32Array(3 * 256);
    await (await loadDataset('images', dir, { imageSize: 16 })).sample(DataRandom.seeded(0), 1, plain, 0);
    const flipped = plain.map((_, i) => plain[i - (i % 16) + 15 - (i % 16)]);
    const d = await loadDataset('images', dir, { imageSize: 16, mirror: true });
    const batch = new Float32Array(64 * 768);
    await d.sample(DataRandom.seeded(5), 64, batch, 0);
    let flips = 0;
    for (let b = 0; b < 64; b++) {
      const s = batch.subarray(b * 768, (b + 1) * 768);
      const isFlipped = s.every((v, i) => v === flipped[i]);
      expect(isFlipped || s.every((v, i) => v === plain[i])).toBe(true);
      flips += isFlipped ? 1 : 0;
    }
    expect(flips).toBeGreaterThan(16);
    expect(flips).toBeLessThan(48);
    const held = new Float32Array(64 * 768);
    await d.sampleHeldOut(DataRandom.seeded(5), 64, held, 0); // held-out images are never flipped
    for (let b = 0; b < 64; b++) expect(held.subarray(b * 768, (b + 1) * 768).every((v, i) => v === plain[i])).toBe(true);
  });

  it('a folder where nothing decodes is a DatasetError naming it; strictData names the first bad file', async () => {
    const dir = join(tmp(), 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.png'), 'text');
    writeFileSync(join(dir, 'b.jpg'), Buffer.alloc(0));
    await expect(loadDataset('images', dir)).rejects.toThrow(new RegExp(`no image in ${dir}`));
    await expect(loadDataset('images', messy, { strictData: true })).rejects.toThrow(/notes\.png|empty\.jpg/);
    await expect(loadDataset('images', messy, { strictData: true })).rejects.toBeInstanceOf(DatasetError);
  });
});

describe('packed files', () => {
  it('round trip: every image and label equals the in-memory load, loaded or streamed under a budget smaller than the file', async () => {
    const file = join(tmp(), 'messy.wgands');
    const { header } = await packFolder(messy, file, { height: 24, width: 24, channels: 3, fit: 'cover' });
    expect(header.count).toBe(15);
    const memory = await loadDataset('images', messy, { imageSize: 24, mirror: true });
    const budget = (statSync(file).size / 2 ** 20) / 2; // half the file: streams
    const loaded = await loadDataset('packed', file, { mirror: true });
    const streamed = await loadDataset('packed', file, { mirror: true, memoryBudgetMB: budget });
    expect(loaded.report!.storage).toBe('memory');
    expect(streamed.report!.storage).toBe('stream');
    for (const d of [loaded, streamed]) {
      expect(d.labels).toEqual(memory.labels);
      expect(d.classes).toEqual(memory.classes);
      expect(d.report!.skipped).toEqual(memory.report!.skipped);
      for (const held of [false, true]) {
        const a = new Float32Array(40 * 1728), b = new Float32Array(40 * 1728);
        const draw = (x: typeof d) => (held ? x.sampleHeldOut : x.sample)(DataRandom.seeded(9), 40, held ? a : b, 0);
        await draw(memory);
        const want = Float32Array.from(held ? a : b);
        await draw(d);
        expect(held ? a : b).toEqual(want);
      }
    }
    await streamed.close!();
    const index = await readPackedIndex(file);
    expect(index.store.classes).toEqual(['cats', 'dogs']);
  });

  it('a truncated packed file is ERR_DATASET naming it, from loadDataset and from train()', async () => {
    const file = join(tmp(), 'cut.wgands');
    await packFolder(messy, file, { height: 16, width: 16, channels: 1, fit: 'cover' });
    truncateSync(file, statSync(file).size - 100);
    await expect(loadDataset('packed', file)).rejects.toMatchObject({ code: 'ERR_DATASET', message: expect.stringContaining(file) });
    expect(() => train({ preset: 'images', dataDir: file })).toThrow(DatasetError);
    writeFileSync(file, 'not packed');
    await expect(loadDataset('packed', file)).rejects.toThrow(/not a packed data set/);
  });
});

/** A small conv pair for 16x16 images: cheap enough to train a few iterations in a test. */
const tinyModels = (c: number) => ({
  generator: { inputShape: [8], layers: [{ type: 'dense', units: c * 256 }, { type: 'reshape', targetShape: [c, 16, 16] }, { type: 'tanh' }] },
  critic: { inputShape: [c, 16, 16], layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'flatten' }, { type: 'dense', units: 1 }] },
});

describe('training on your own data', () => {
  it('trains images at 48x48 grayscale and dcgan64 at 64x64 RGB a few iterations, with samples at their size', async () => {
    for (const [preset, size, channels] of [['images', 48, 1], ['dcgan64', 64, 3]] as const) {
      const outDir = tmp();
      const run = train({ preset, dataDir: messy, imageSize: size, channels, iterations: 2, batchSize: 2, outDir, sampleEvery: 2, mirror: true });
      const r = await run.result;
      expect(r.final && Number.isFinite(r.final.criticLoss)).toBe(true);
      expect(run.options.critic.inputShape).toEqual([channels, size, size]);
      const config = JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8'));
      expect(config.data.skipped.count).toBe(2);
      expect(config.data.skipped.first.length).toBe(2);
      const grid = await sharp(join(outDir, 'samples', 'iter-000002.png')).metadata();
      expect(grid.width).toBe((8 * (size + 1) + 1) * 2);
    }
  }, 300_000);

  it('dcgan64 has no BatchNorm in the critic: LayerNorm after the last three convolutions', async () => {
    const run = train({ preset: 'dcgan64', dataDir: messy, iterations: 1 });
    run.abort();
    await run.result.catch(() => {});
    const types = run.options.critic.layers.map((l) => l.type);
    expect(types.filter((t) => t === 'layerNorm').length).toBe(3);
    expect(types).not.toContain('batchNorm');
    expect(() => train({ preset: 'dcgan64', dataDir: messy, imageSize: 50 })).toThrow(InvalidArgumentError);
  });

  it('resuming from a checkpoint of a run on a streamed packed file continues bit-exactly', async () => {
    const file = join(tmp(), 'r.wgands');
    await packFolder(messy, file, { height: 16, width: 16, channels: 3, fit: 'cover' });
    const common = { ...tinyModels(3), dataset: 'packed', dataDir: file, memoryBudgetMB: 0.001, mirror: true, batchSize: 4, threads: 2, seed: 4, sampleEvery: 100, checkpointEvery: 3, iterations: 6 } as const;
    const straight = tmp(), split = tmp();
    await train({ ...common, outDir: straight }).result;
    const first = train({ ...common, outDir: split });
    first.on('progress', (e) => e.iteration === 3 && first.abort());
    await expect(first.result).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    await train({ ...common, outDir: split, resumeFrom: join(split, 'checkpoints', 'iter-000003.safetensors') }).result;
    const a = readSafetensors(join(straight, 'checkpoints', 'iter-000006.safetensors')).tensors;
    const b = readSafetensors(join(split, 'checkpoints', 'iter-000006.safetensors')).tensors;
    for (const name of Object.keys(a)) expect(Buffer.from(b[name].data.buffer, b[name].data.byteOffset, b[name].data.byteLength).equals(Buffer.from(a[name].data.buffer, a[name].data.byteOffset, a[name].data.byteLength)), name).toBe(true);
  }, 120_000);

  it('trains on arrays from code: Float32Array, Uint8Array and a sample source', async () => {
    const n = 20, size = 256;
    const floats = Float32Array.from({ length: n * size }, (_, i) => Math.sin(i) * 0.9);
    const bytes = Uint8Array.from({ length: n * size }, (_, i) => (i * 13) % 256);
    const source = { sample: (b: number, rng: DataRandom) => Float32Array.from({ length: b * size }, () => rng.uniform() * 2 - 1) };
    for (const trainData of [floats, bytes, source]) {
      const run = train({ ...tinyModels(1), dataset: { shape: [1, 16, 16], train: trainData, ...(trainData === floats ? { labels: Array.from({ length: n }, (_, i) => i % 3) } : {}) }, iterations: 2, batchSize: 4 });
      const r = await run.result;
      expect(Number.isFinite(r.final!.criticLoss)).toBe(true);
      expect(run.options.dataset).toBe('arrays');
    }
  });

  it('checks every field of user arrays before any work, naming it', () => {
    const m = tinyModels(1);
    const ok = new Float32Array(4 * 256);
    const bad: [unknown, RegExp][] = [
      [{ shape: [1, 16, 0], train: ok }, /dataset\.shape/],
      [{ shape: [1, 16, 16], train: new Float32Array(300) }, /dataset\.train: expected N × 256/],
      [{ shape: [1, 16, 16], train: Float32Array.from(ok, (v, i) => (i === 7 ? NaN : v)) }, /dataset\.train: value 7 is NaN/],
      [{ shape: [1, 16, 16], train: Float32Array.from(ok, (v, i) => (i === 3 ? 2 : v)) }, /dataset\.train: value 3 is 2, outside the range/],
      [{ shape: [1, 16, 16], train: ok, range: [1, -1] }, /dataset\.range/],
      [{ shape: [1, 16, 16], train: ok, test: new Float32Array(10) }, /dataset\.test/],
      [{ shape: [1, 16, 16], train: ok, test: new Uint8Array(256) }, /dataset\.test: expected a Float32Array/],
      [{ shape: [1, 16, 16], train: ok, labels: [0, 1] }, /dataset\.labels: expected one label per training sample \(4\)/],
      [{ shape: [1, 16, 16], train: ok, labels: [0, 1, -2, 3] }, /dataset\.labels: label 2 is -2/],
      [{ shape: [1, 16, 16], train: [1, 2, 3] }, /dataset\.train: expected a Float32Array or Uint8Array/],
      [{ shape: [1, 16, 16], train: { sample: () => new Float32Array(3) } }, /dataset\.train\.sample: expected a Float32Array of 2 × 256/],
      [{ shape: [1, 16, 16], train: ok, extra: 1 }, /dataset\.extra: unknown key/],
    ];
    for (const [dataset, message] of bad) {
      expect(() => train({ ...m, dataset } as never), String(message)).toThrow(InvalidArgumentError);
      expect(() => train({ ...m, dataset } as never)).toThrow(message);
    }
    expect(() => train({ preset: 'mnist', imageSize: 64 })).toThrow(/imageSize: applies to image folders/);
  });
});

describe('the CLI reads a folder with a progress report and packs it', () => {
  it('copies are not needed: a packed file trains under --data-dir like a folder', async () => {
    const file = join(tmp(), 'cli.wgands');
    await packFolder(messy, file, { height: 32, width: 32, channels: 3, fit: 'cover' });
    const copy = join(tmp(), 'copy.wgands');
    copyFileSync(file, copy);
    const run = train({ preset: 'images', dataDir: copy, iterations: 1, batchSize: 2 });
    expect(run.options.imageSize).toEqual([32, 32]);
    await run.result;
  }, 120_000);
});
