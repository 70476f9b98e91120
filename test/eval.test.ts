/** Sample-quality metrics on synthetic cases with known answers, evaluate() on a checkpoint, the eval command. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadDataset, manifoldDistance, modeCoverage, train, UnsupportedError, type ModeCoverage } from '../lib/index.js';
import { EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD, TWENTY_FIVE_GAUSSIAN_CENTRES, TWENTY_FIVE_GAUSSIAN_STD } from '../lib/datasets/toy.js';
import { DataRandom } from '../lib/random.js';
import { freshSeed } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-eval-'));

async function real(name: 'toy-8gaussians' | 'toy-25gaussians' | 'toy-swissroll', n: number, seed = freshSeed()) {
  const out = new Float32Array(2 * n);
  (await loadDataset(name)).sample(DataRandom.seeded(seed), n, out, 0);
  return out;
}

function uniform(n: number, seed: number) {
  const rng = DataRandom.seeded(seed);
  return Float32Array.from({ length: 2 * n }, () => rng.uniform() * 4 - 2);
}

describe('toy metrics', () => {
  it('real 8-gaussian data: all 8 modes, ~98.9% within 3 std (1 - e^-4.5 for a 2-D gaussian)', async () => {
    const m = modeCoverage(await real('toy-8gaussians', 4000), EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD);
    expect(m.covered).toBe(8);
    expect(m.highQualityShare).toBeGreaterThan(0.975);
    expect(m.highQualityShare).toBeLessThan(0.999);
    expect(m.perMode.reduce((a, b) => a + b, 0)).toBe(Math.round(m.highQualityShare * 4000));
  });

  it('one mode missing: 7 of 8 covered and an empty bin for it', async () => {
    const all = await real('toy-8gaussians', 4000);
    const [cx, cy] = EIGHT_GAUSSIAN_CENTRES[3];
    const kept: number[] = [];
    for (let i = 0; i < all.length / 2; i++) if (Math.hypot(all[2 * i] - cx, all[2 * i + 1] - cy) > 0.5) kept.push(all[2 * i], all[2 * i + 1]);
    const m = modeCoverage(Float32Array.from(kept), EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD);
    expect(m.covered).toBe(7);
    expect(m.perMode[3]).toBe(0);
  });

  it('mode collapse: every sample on one mode is high quality but covers 1 mode', () => {
    const [cx, cy] = EIGHT_GAUSSIAN_CENTRES[5];
    const pts = Float32Array.from({ length: 1000 }, (_, i) => (i % 2 ? cy : cx) + 0.001 * Math.sin(i));
    const m: ModeCoverage = modeCoverage(pts, EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD);
    expect(m.covered).toBe(1);
    expect(m.highQualityShare).toBe(1);
  });

  it('uniform noise: almost nothing is high quality and no mode is covered', () => {
    const m = modeCoverage(uniform(4000, freshSeed()), EIGHT_GAUSSIAN_CENTRES, EIGHT_GAUSSIAN_STD);
    // expected share: 8 discs of radius 3 std over a 4x4 square
    expect(m.highQualityShare).toBeLessThan(0.01);
    expect(m.covered).toBe(0);
  });

  it('real 25-gaussian data covers 25 modes', async () => {
    expect(modeCoverage(await real('toy-25gaussians', 5000), TWENTY_FIVE_GAUSSIAN_CENTRES, TWENTY_FIVE_GAUSSIAN_STD).covered).toBe(25);
  });

  it('swiss roll: real data lies on the spiral, noise does not', async () => {
    const onRoll = manifoldDistance(await real('toy-swissroll', 1000));
    const noise = manifoldDistance(uniform(1000, freshSeed()));
    expect(onRoll.nearShare).toBeGreaterThan(0.97);
    expect(onRoll.meanDistance).toBeLessThan(0.03);
    expect(noise.meanDistance).toBeGreaterThan(4 * onRoll.meanDistance);
    expect(noise.nearShare).toBeLessThan(0.5);
  });
});

describe('evaluate() and wgan-gp eval', () => {
  it('evaluates a run folder, logs metrics every evalEvery, and the CLI prints them', async () => {
    const outDir = tmp();
    await train({ preset: 'toy-8gaussians', iterations: 20, batchSize: 64, evalEvery: 10, outDir }).result;
    const lines = readFileSync(join(outDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.modesCovered !== undefined).map((l) => l.iteration)).toEqual([10, 20]);
    expect(existsSync(join(outDir, 'plots', 'quality.png'))).toBe(true);
    const e = await evaluate(outDir, { n: 500 });
    expect(e).toMatchObject({ dataset: 'toy-8gaussians', iteration: 20, metrics: { kind: 'modes', modes: 8, samples: 500 } });
    expect(e.metrics.kind === 'modes' && e.metrics.highQualityShare).toBeGreaterThanOrEqual(0);
    const cli = JSON.parse(execFileSync(process.execPath, [join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'), 'eval', outDir, '--n', '500', '--json'], { encoding: 'utf8' }));
    expect(cli.metrics).toEqual(e.metrics);
  });

  it('rejects evalEvery on data sets without metrics (images below 16x16, arrays of features); accepts it on image folders (SWD)', () => {
    const tiny = { inputShape: [3, 8, 8], layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }] };
    const gen = { inputShape: [4], layers: [{ type: 'dense', units: 192 }, { type: 'reshape', targetShape: [3, 8, 8] }] };
    expect(() => train({ generator: gen, critic: tiny, dataset: 'images', dataDir: '/tmp', evalEvery: 10 })).toThrow(UnsupportedError);
    expect(() => train({ preset: 'toy-8gaussians', dataset: { shape: [2], train: new Float32Array(8) }, evalEvery: 10 })).toThrow(UnsupportedError);
    const run = train({ preset: 'cifar', dataDir: '/nonexistent', evalEvery: 10 });
    run.abort(); // only the options are checked here
    expect(run.options.evalEvery).toBe(10);
  });

  // Opt-in (WGAN_GP_SLOW=1, ~3 min on 2 cores): the fast toy presets reach the quality README.md states.
  it.runIf(process.env.WGAN_GP_SLOW)('slow: toy-8gaussians-fast covers 8/8 modes with >= 90% high-quality samples; toy-25gaussians-fast >= 23/25', async () => {
    for (const [preset, modes, share] of [['toy-8gaussians-fast', 8, 0.9], ['toy-25gaussians-fast', 23, 0]] as const) {
      const outDir = tmp();
      await train({ preset, outDir }).result;
      const e = await evaluate(outDir);
      console.log(preset, JSON.stringify(e.metrics));
      if (e.metrics.kind !== 'modes') throw new Error(`expected mode metrics, got ${e.metrics.kind}`);
      expect(e.metrics.covered).toBeGreaterThanOrEqual(modes);
      expect(e.metrics.highQualityShare).toBeGreaterThanOrEqual(share);
    }
  }, 1_800_000);
});
