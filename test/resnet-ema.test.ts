/**
 * The ResNet presets (architecture, training from a folder, bit-exact resume with the generator batch,
 * dequantisation and the EMA on), and the EMA generator: its update against StyleGAN's formula, its tensors in
 * checkpoints, and sampling from it by default.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AbortError, generateSamples, loadCheckpointModels, PRESETS, readCheckpoint, Sequential, train } from '../lib/index.js';
import { readSafetensors } from '../lib/train/safetensors.js';
import { addDequantizationNoise } from '../lib/train/dequantize.js';
import { DataRandom } from '../lib/random.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-resnet-'));

async function pictures(count: number): Promise<string> {
  const dir = join(tmp(), 'pictures');
  mkdirSync(dir);
  for (let i = 0; i < count; i++)
    await sharp({ create: { width: 20 + i, height: 18, channels: 3, background: { r: 30 * i, g: 180, b: 60 + 10 * i } } }).png().toFile(join(dir, `p${i}.png`));
  return dir;
}

const same = (a: Float32Array, b: Float32Array) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('ResNet presets', () => {
  it('cifar-resnet builds the reference architecture at 32x32', () => {
    const p = PRESETS['cifar-resnet'];
    const G = new Sequential(p.generator), D = new Sequential(p.critic);
    expect(G.outputShape).toEqual([3, 32, 32]);
    expect(D.inputShape).toEqual([3, 32, 32]);
    expect(D.outputShape).toEqual([1]);
    expect(p).toMatchObject({ lr: 2e-4, beta1: 0, beta2: 0.9, lrDecay: 'linear', batchSize: 64, generatorBatchSize: 128, dequantize: true });
    // three up blocks with 1x1 upsampling shortcuts; two identity blocks in the critic (no shortcut tensors)
    expect(G.tensors.map((t) => t.name)).toContain('2.shortcut.1.weight');
    expect(D.tensors.filter((t) => t.name.startsWith('2.shortcut') || t.name.startsWith('3.shortcut'))).toEqual([]);
    expect(D.parameters()['1.shortcut.0.weight'].shape).toEqual([128, 128, 1, 1]);
  });

  it('resnet64 builds GoodGenerator / GoodDiscriminator at 64x64 with LayerNorm in the critic', () => {
    const p = PRESETS.resnet64;
    const G = new Sequential(p.generator), D = new Sequential(p.critic);
    expect(G.outputShape).toEqual([3, 64, 64]);
    expect(D.outputShape).toEqual([1]);
    expect(D.parameters()['6.weight'].shape).toEqual([1, 4 * 4 * 512]);
    expect(D.tensors.map((t) => t.name)).toContain('1.body.0.weight'); // layerNorm
    expect(p).toMatchObject({ lr: 1e-4, beta1: 0, beta2: 0.9, batchSize: 64 });
  });

  it('rejects an image size the architecture cannot take, naming imageSize', () => {
    expect(() => train({ preset: 'cifar-resnet', dataDir: '/nonexistent', imageSize: 20 })).toThrow(/imageSize: cifar-resnet needs image sides that are multiples of 8/);
  });

  it('cifar-resnet trains on a folder and resumes bit-exactly with generator batch, dequantisation and EMA', async () => {
    const dataDir = await pictures(6);
    const common = { preset: 'cifar-resnet', dataDir, imageSize: 16, batchSize: 2, generatorBatchSize: 3, ema: 50, iterations: 4, seed: 5, sampleEvery: 4, checkpointEvery: 2 } as const;
    const straight = tmp(), split = tmp();
    await train({ ...common, outDir: straight }).result;
    const first = train({ ...common, outDir: split });
    first.on('progress', (e) => e.iteration === 2 && first.abort());
    await expect(first.result).rejects.toThrow(AbortError);
    await train({ ...common, outDir: split, resumeFrom: join(split, 'checkpoints', 'iter-000002.safetensors') }).result;
    const a = readSafetensors(join(straight, 'checkpoints', 'iter-000004.safetensors'));
    const b = readSafetensors(join(split, 'checkpoints', 'iter-000004.safetensors'));
    expect(Object.keys(a.tensors).some((n) => n.startsWith('generator_ema.2.body.'))).toBe(true);
    expect(Object.keys(b.tensors).sort()).toEqual(Object.keys(a.tensors).sort());
    for (const name of Object.keys(a.tensors)) expect(same(a.tensors[name].data, b.tensors[name].data), name).toBe(true);
    expect(b.metadata.emaImages).toBe(String(4 * 3));
    expect(readCheckpoint(join(straight, 'checkpoints', 'iter-000004.safetensors')).config).toMatchObject({ generatorBatchSize: 3, dequantize: true, ema: 50 });
  });
});

describe('generator EMA', () => {
  it("follows StyleGAN's update: β = 0.5^(batch / min(halfLife, rampUp·images)), ema = p + β(ema - p)", async () => {
    const outDir = tmp();
    const withEma = train({ preset: 'toy-8gaussians-fast', batchSize: 8, seed: 2, sampleEvery: 1000, iterations: 3, ema: 20, emaRampUp: 0, outDir });
    const snapshots: Float32Array[] = [];
    withEma.on('progress', () => snapshots.push(withEma.generator!.flatParameters()));
    await withEma.result;
    const init = new Sequential(PRESETS['toy-8gaussians-fast'].generator, { seed: 2 }).flatParameters();
    const beta = 0.5 ** (8 / 20);
    let ema = Float64Array.from(init);
    for (const p of snapshots) ema = ema.map((e, i) => p[i] + beta * (e - p[i]));
    const models = loadCheckpointModels(join(outDir, 'checkpoints', 'iter-000003.safetensors'));
    const ours = models.generator.flatParameters();
    models.dispose();
    const err = Math.max(...Array.from(ours, (v, i) => Math.abs(v - ema[i]))), size = Math.max(...Array.from(ema, Math.abs));
    expect(err / size).toBeLessThan(1e-6);
    expect(Math.max(...Array.from(ours, (v, i) => Math.abs(v - snapshots.at(-1)![i])))).toBeGreaterThan(1e-4); // not the raw weights
  });

  it('checkpoints hold the EMA; sampling uses it by default and the raw weights with ema: false', async () => {
    const outDir = tmp();
    await train({ preset: 'toy-8gaussians-fast', batchSize: 8, iterations: 5, ema: 40, outDir, sampleEvery: 5 }).result;
    const file = join(outDir, 'checkpoints', 'iter-000005.safetensors');
    const withEma = loadCheckpointModels(file), raw = loadCheckpointModels(file, { ema: false });
    try {
      expect(same(withEma.generator.flatParameters(), raw.generator.flatParameters())).toBe(false);
      const [a, b] = [await generateSamples(withEma.generator, 16, 1), await generateSamples(raw.generator, 16, 1)];
      expect(same(a, b)).toBe(false);
    } finally {
      withEma.dispose();
      raw.dispose();
    }
  });

  it('dequantisation adds U(0, range/256) from the data generator', () => {
    const values = new Float32Array(20000).fill(0.5);
    addDequantizationNoise(values, [-1, 1], DataRandom.seeded(1));
    const noise = Array.from(values, (v) => v - 0.5);
    expect(Math.min(...noise)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...noise)).toBeLessThanOrEqual(1 / 128 + 1e-7);
    expect(noise.reduce((s, v) => s + v, 0) / noise.length).toBeCloseTo(1 / 256, 4);
  });
});
