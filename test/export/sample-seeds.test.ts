/** `sample --seeds / --interpolate` and sampleCheckpoint's seeds and interpolate options. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveCheckpoint } from '../../lib/eval/evaluate.js';
import { loadCheckpointModels, sampleCheckpoint } from '../../lib/sample.js';
import { train } from '../../lib/train/trainer.js';
import { latentsForSeeds } from '../../lib/web/latent.js';
import { cli } from '../helpers.js';
import { trainedRun } from './fixture.js';

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  return Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
};

describe('sampling by seed', () => {
  let checkpoint: string, dir: string;
  /** predict() for the latent points of these seeds */
  let expected: (seeds: number[]) => Float32Array;
  beforeAll(async () => {
    checkpoint = resolveCheckpoint(await trainedRun());
    dir = mkdtempSync(join(tmpdir(), 'wgan-seeds-'));
    const models = loadCheckpointModels(checkpoint);
    expected = (seeds) => models.generator.predict(latentsForSeeds(seeds, models.generator.inputSize), seeds.length);
  });

  it('sampleCheckpoint({ seeds }) is predict on each seed\'s latent point; interpolate starts and ends on its seeds', async () => {
    const bySeed = await sampleCheckpoint(checkpoint, { seeds: [9, 3] });
    expect(bySeed.shape).toEqual([2, 1, 28, 28]);
    expect(maxDifference(bySeed.data, expected([9, 3]))).toBeLessThan(1e-6);
    const strip = await sampleCheckpoint(checkpoint, { interpolate: [3, 9], steps: 5 });
    expect(strip.shape).toEqual([5, 1, 28, 28]);
    expect(maxDifference(strip.data.subarray(0, 784), expected([3]))).toBeLessThan(1e-6);
    expect(maxDifference(strip.data.subarray(4 * 784), expected([9]))).toBeLessThan(1e-6);
    expect(maxDifference(strip.data.subarray(2 * 784, 3 * 784), expected([3]))).toBeGreaterThan(1e-3);
  });

  it('bad sample options are ERR_INVALID_ARGUMENT naming them', async () => {
    const message = (o: object) => sampleCheckpoint(checkpoint, o as never).then(() => 'resolved', (e: { code: string; message: string }) => `${e.code}: ${e.message}`);
    expect(await message({ n: 4, seeds: [1] })).toMatch(/^ERR_INVALID_ARGUMENT: .*exactly one of n/);
    expect(await message({ seeds: [-1] })).toMatch(/^ERR_INVALID_ARGUMENT: .*seeds\.0/);
    expect(await message({ seeds: [1], seed: 2 })).toMatch(/^ERR_INVALID_ARGUMENT: .*seed goes with n/);
    expect(await message({ n: 2, steps: 3 })).toMatch(/^ERR_INVALID_ARGUMENT: .*steps goes with interpolate/);
    expect(await message({ interpolate: [1, 2], steps: 1 })).toMatch(/^ERR_INVALID_ARGUMENT: .*steps/);
    expect(await message({ n: 2, count: 3 })).toMatch(/^ERR_INVALID_ARGUMENT: .*count/);
  });

  it('`sample --seeds 0-2,7` writes seed-<n>.png, each the picture of its seed', async () => {
    const out = join(dir, 'seeds');
    const r = await cli('sample', '--checkpoint', checkpoint, '--seeds', '0-2,7', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['seed-0.png', 'seed-1.png', 'seed-2.png', 'seed-7.png']);
    const png = PNG.sync.read(readFileSync(join(out, 'seed-7.png')));
    const scale = 4, gap = 1; // imageGridPng's layout for one image
    expect([png.width, png.height]).toEqual([(28 + 2 * gap) * scale, (28 + 2 * gap) * scale]);
    const sample = expected([7]);
    const pixel = (y: number, x: number) => png.data[(((gap + y) * scale) * png.width + (gap + x) * scale) * 4];
    for (const [y, x] of [[0, 0], [13, 14], [27, 27], [5, 20]]) expect(Math.abs(pixel(y, x) - sample[y * 28 + x] * 255)).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('`sample --interpolate 3,9 --steps 6`: json from seed 3 to seed 9, png one strip', async () => {
    const r = await cli('sample', '--checkpoint', checkpoint, '--interpolate', '3,9', '--steps', '6', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const { shape, data } = JSON.parse(r.stdout) as { shape: number[]; data: number[] };
    expect(shape).toEqual([6, 1, 28, 28]);
    expect(maxDifference(data.slice(0, 784), expected([3]))).toBeLessThan(1e-6);
    expect(maxDifference(data.slice(5 * 784), expected([9]))).toBeLessThan(1e-6);
    const file = join(dir, 'strip.png');
    expect((await cli('sample', '--checkpoint', checkpoint, '--interpolate', '3,9', '--out', file)).code).toBe(0);
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([(8 * 29 + 1) * 2, (29 + 1) * 2]); // 8 steps by default, one row
  });

  it('bad flags name what was expected', async () => {
    const cases: [string[], RegExp][] = [
      [['--seeds', '0-3', '--n', '4'], /--seeds names the seed of every sample itself: drop --n and --seed/],
      [['--seeds', '0-3', '--interpolate', '1,2'], /give one of them/],
      [['--steps', '4', '--format', 'json'], /--steps goes with --interpolate/],
      [['--seeds', '5-2', '--format', 'json'], /runs backwards/],
      [['--seeds', 'abc', '--format', 'json'], /expected seeds/],
      [['--interpolate', '3', '--format', 'json'], /expected two seeds A,B/],
      [['--interpolate', '1,2', '--steps', '1', '--format', 'json'], /at least 2 steps/],
      [['--seeds', '0-1'], /--out <folder> is needed/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('sample', '--checkpoint', checkpoint, ...flags);
      expect(r.code, flags.join(' ')).not.toBe(0);
      expect(r.stderr, flags.join(' ')).toMatch(message);
    }
  });

  it('--seeds as png pictures of 2-D points is refused (json and npy work)', async () => {
    const outDir = join(dir, 'toy');
    await train({ preset: 'toy-8gaussians-fast', iterations: 2, outDir, checkpointEvery: 2, sampleEvery: 2, evalEvery: 0 }).result;
    const toy = resolveCheckpoint(outDir);
    const r = await cli('sample', '--checkpoint', toy, '--seeds', '0-3', '--out', join(dir, 'points'));
    expect(r.stderr).toMatch(/ERR_INVALID_ARGUMENT: --seeds with --format png writes one image per seed, but this generator makes 2-D points/);
    const json = await cli('sample', '--checkpoint', toy, '--seeds', '0-3', '--format', 'json');
    expect(JSON.parse(json.stdout).shape).toEqual([4, 2]);
  });

  it('`wgan-gp export` errors: a missing checkpoint, an unknown format', async () => {
    expect((await cli('export', join(dir, 'nothing'), '--format', 'web', '--out', join(dir, 'site'))).stderr).toMatch(/ERR_CHECKPOINT: .*nothing does not exist/);
    expect((await cli('export', checkpoint, '--format', 'tflite', '--out', join(dir, 'g'))).stderr).toMatch(/--format.*onnx, web/);
  });
});
