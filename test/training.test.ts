/**
 * train() end to end, per preset family: the run folder (config, metrics, samples, plots, checkpoints) is
 * complete and valid, losses are finite, the toy critic learns, resume is bit-exact, the event loop stays
 * free while a step runs, and abort() stops with a checkpoint.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { AbortError, readCheckpoint, Sequential, train, type MetricsLine, type ProgressEvent } from '../lib/index.js';
import { readSafetensors } from '../lib/train/safetensors.js';
import { learningRateAt } from '../lib/train/trainer.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-run-'));

function readMetrics(dir: string): MetricsLine[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsLine);
}

function png(file: string) {
  return PNG.sync.read(readFileSync(file));
}

/** The checkpoint holds both models under their state_dict names with the models' shapes, and Adam moments. */
function expectCheckpointMatches(file: string, run: { generator?: Sequential; critic?: Sequential }, iteration: number) {
  const { tensors } = readSafetensors(file);
  for (const [prefix, model] of [['generator', run.generator!], ['critic', run.critic!]] as const)
    for (const t of model.tensors) {
      expect(tensors[`${prefix}.${t.name}`]?.shape, `${prefix}.${t.name}`).toEqual(t.shape);
      if (t.trainable) expect(tensors[`optimizer.${prefix}.exp_avg_sq.${t.name}`]?.shape).toEqual(t.shape);
    }
  expect(readCheckpoint(file).iteration).toBe(iteration);
}

const allFinite = (lines: MetricsLine[]) =>
  lines.every((m) => [m.criticLoss, m.wassersteinEstimate, m.penalty, m.gradNormMean, m.generatorLoss].every(Number.isFinite));

describe('train()', () => {
  it('toy-8gaussians: writes the whole run folder, and the critic learns to tell real from fake', async () => {
    const outDir = tmp();
    const run = train({ preset: 'toy-8gaussians', iterations: 60, sampleEvery: 30, checkpointEvery: 30, outDir, seed: 3 });
    const progress: ProgressEvent[] = [];
    const samples: number[] = [];
    run.on('progress', (e) => progress.push(e));
    run.on('sample', (e) => samples.push(e.iteration));
    const result = await run.result;

    expect(result.iterations).toBe(60);
    expect(result.lastCheckpoint).toBe(join(outDir, 'checkpoints', 'iter-000060.safetensors'));
    expect(progress.map((p) => p.iteration)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(progress.at(-1)!.etaSeconds).toBe(0);
    expect(progress[0].iterationsPerSecond).toBeGreaterThan(0);
    expect(samples).toEqual([30, 60]);

    const config = JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ preset: 'toy-8gaussians', batchSize: 256, lambda: 0.1, version: expect.any(String), device: 'cpu' });

    const metrics = readMetrics(outDir);
    expect(metrics.map((m) => m.iteration)).toEqual(progress.map((p) => p.iteration));
    expect(allFinite(metrics)).toBe(true);
    expect(metrics.filter((m) => m.heldOutCriticLoss !== undefined).map((m) => m.iteration)).toEqual([30, 60]);
    // A fresh critic cannot tell the sets apart (estimate ~0); after training it scores real above fake.
    const late = metrics.slice(-20).reduce((s, m) => s + m.wassersteinEstimate, 0) / 20;
    expect(late).toBeGreaterThan(Math.abs(metrics[0].wassersteinEstimate) + 0.05);

    for (const it of ['000030', '000060']) {
      const image = png(join(outDir, 'samples', `iter-${it}.png`));
      expect(image.width).toBeGreaterThan(100);
      expectCheckpointMatches(join(outDir, 'checkpoints', `iter-${it}.safetensors`), run, Number(it));
    }
    expect(png(join(outDir, 'plots', 'losses.png')).height).toBeGreaterThan(100);
  });

  it('mnist: an 8x8 grid of 28x28 samples and a checkpoint with the conv shapes', async () => {
    const outDir = tmp();
    const run = train({ preset: 'mnist', iterations: 2, batchSize: 8, sampleEvery: 2, outDir });
    await run.result;
    const grid = png(join(outDir, 'samples', 'iter-000002.png'));
    expect([grid.width, grid.height]).toEqual([(8 * 29 + 1) * 2, (8 * 29 + 1) * 2]);
    expectCheckpointMatches(join(outDir, 'checkpoints', 'iter-000002.safetensors'), run, 2);
    expect(readSafetensors(join(outDir, 'checkpoints', 'iter-000002.safetensors')).tensors['critic.0.weight'].shape).toEqual([64, 1, 5, 5]);
    expect(allFinite(readMetrics(outDir))).toBe(true);
  });

  it('images32: trains the cifar architecture (BatchNorm generator) on a folder of images', async () => {
    const dataDir = join(tmp(), 'pictures');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir);
    for (let i = 0; i < 6; i++)
      await sharp({ create: { width: 40 + i, height: 36, channels: 3, background: { r: 40 * i, g: 200, b: 90 } } }).png().toFile(join(dataDir, `p${i}.png`));
    const outDir = tmp();
    const run = train({ preset: 'images32', dataDir, iterations: 2, batchSize: 4, outDir });
    await run.result;
    const grid = png(join(outDir, 'samples', 'iter-000002.png'));
    expect(grid.width).toBe((8 * 33 + 1) * 2);
    expectCheckpointMatches(join(outDir, 'checkpoints', 'iter-000002.safetensors'), run, 2);
    const { tensors } = readSafetensors(join(outDir, 'checkpoints', 'iter-000002.safetensors'));
    expect(Object.keys(tensors)).toContain('generator.1.running_mean');
    expect(allFinite(readMetrics(outDir))).toBe(true);
  });

  it('resumes exactly: 100 + 100 iterations give bit-identical parameters and optimizer state to 200 (linear lr decay)', async () => {
    const common = { preset: 'toy-8gaussians-fast', batchSize: 32, threads: 2, seed: 11, sampleEvery: 1000, checkpointEvery: 100 } as const;
    const straight = tmp(), split = tmp();
    await train({ ...common, iterations: 200, outDir: straight }).result;
    // Interrupted at 100, as Ctrl-C would (the decay spans the whole 200-iteration run in both).
    const first = train({ ...common, iterations: 200, outDir: split });
    first.on('progress', (e) => e.iteration === 100 && first.abort());
    await expect(first.result).rejects.toThrow(AbortError);
    const resumed = await train({ ...common, iterations: 200, outDir: split, resumeFrom: join(split, 'checkpoints', 'iter-000100.safetensors') }).result;
    expect(resumed.lastCheckpoint).toBe(join(split, 'checkpoints', 'iter-000200.safetensors'));
    const a = readSafetensors(join(straight, 'checkpoints', 'iter-000200.safetensors'));
    const b = readSafetensors(join(split, 'checkpoints', 'iter-000200.safetensors'));
    expect(Object.keys(b.tensors).sort()).toEqual(Object.keys(a.tensors).sort());
    for (const name of Object.keys(a.tensors)) expect(Buffer.compare(Buffer.from(b.tensors[name].data.buffer, b.tensors[name].data.byteOffset, b.tensors[name].data.byteLength), Buffer.from(a.tensors[name].data.buffer, a.tensors[name].data.byteOffset, a.tensors[name].data.byteLength)), name).toBe(0);
    for (const key of ['rngKey', 'rngCounter', 'dataRng', 'adamStepCritic']) expect(b.metadata[key]).toBe(a.metadata[key]);
    expect(readMetrics(split).map((m) => m.iteration)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('lrDecay: the learning rate falls linearly to 0 over the run, and the updates follow it', async () => {
    expect(learningRateAt({ lr: 1e-3, lrDecay: 'linear', iterations: 4 }, 1)).toBe(1e-3);
    expect(learningRateAt({ lr: 1e-3, lrDecay: 'linear', iterations: 4 }, 4)).toBeCloseTo(2.5e-4, 15);
    expect(learningRateAt({ lr: 1e-3, lrDecay: 'none', iterations: 4 }, 4)).toBe(1e-3);
    const common = { preset: 'toy-8gaussians-fast', batchSize: 16, iterations: 3, seed: 3 } as const;
    const params = async (lrDecay: 'none' | 'linear') => {
      const run = train({ ...common, lrDecay });
      await run.result;
      return run.generator!.flatParameters();
    };
    const [constant, decayed] = [await params('none'), await params('linear')];
    expect(Buffer.compare(Buffer.from(constant.buffer), Buffer.from(decayed.buffer))).not.toBe(0);
  });

  it('keeps the event loop free: a timer keeps firing while native steps, quality measurements and checkpoint writes run', async () => {
    const run = train({ preset: 'mnist', iterations: 3, batchSize: 50, evalEvery: 3, outDir: tmp() });
    let last = performance.now(), maxGap = 0, ticks = 0, stepMs = Infinity;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 2);
    run.on('progress', (e) => {
      stepMs = Math.min(stepMs, e.stepMs);
      if (e.iteration === 3) clearInterval(timer);
    });
    const { final } = await run.result;
    clearInterval(timer);
    expect(final?.classifierScore).toBeGreaterThan(0);
    // A blocking step would stall the timer for a whole step (hundreds of ms).
    expect(stepMs).toBeGreaterThan(100);
    expect(maxGap).toBeLessThan(stepMs / 2);
    expect(ticks).toBeGreaterThan(20);
  });

  it('abort() and an AbortSignal stop the run with a checkpoint of the last finished iteration', async () => {
    const outDir = tmp();
    const run = train({ preset: 'toy-8gaussians', iterations: 1000, batchSize: 16, outDir });
    run.on('progress', (e) => e.iteration === 5 && run.abort());
    const error = (await run.result.catch((e: unknown) => e)) as AbortError & { checkpoint: string; iteration: number };
    expect(error).toBeInstanceOf(AbortError);
    expect(error.code).toBe('ERR_ABORTED');
    expect(error.iteration).toBe(5);
    expect(readCheckpoint(error.checkpoint).iteration).toBe(5);

    const controller = new AbortController();
    const second = train({ preset: 'toy-8gaussians', iterations: 1000, batchSize: 16, outDir: tmp(), signal: controller.signal });
    second.on('progress', (e) => e.iteration === 3 && controller.abort());
    await expect(second.result).rejects.toBeInstanceOf(AbortError);
    expect(existsSync(join(second.options.outDir!, 'checkpoints', 'iter-000003.safetensors'))).toBe(true);
  });
});
