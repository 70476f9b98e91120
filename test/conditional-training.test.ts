/**
 * Conditional training end to end: labels from every labelled source (MNIST, image folders, packed files loaded
 * and streamed, user arrays) drawn with their samples, the run's classes in config.json and the checkpoint, the
 * ACGAN terms in the metrics, a sample grid of one row per class, bit-exact resume, and the typed errors of a
 * conditional model on data that cannot feed it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, loadDataset, readCheckpoint, train, type MetricsLine, type TrainOptions } from '../lib/index.js';
import type { Dataset } from '../lib/datasets/index.js';
import { packFolder } from '../lib/datasets/pack.js';
import { userDataset } from '../lib/datasets/user.js';
import type { ModelSpec } from '../lib/layers.js';
import { DataRandom } from '../lib/random.js';
import { readSafetensors } from '../lib/train/safetensors.js';
import { classFolder, classOfRed } from './class-folder.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-cond-'));
const K = 3;

/** Draws n samples with their labels, and checks that asking for labels draws nothing more. */
async function drawLabelled(d: Dataset, n: number, heldOut = false) {
  const size = d.sampleShape.reduce((a, b) => a * b, 1);
  const [x, plain] = [new Float32Array(n * size), new Float32Array(n * size)];
  const labels = new Int32Array(n).fill(-1);
  const [rng, other] = [DataRandom.seeded(5), DataRandom.seeded(5)];
  await (heldOut ? d.sampleHeldOut(rng, n, x, 0, labels) : d.sample(rng, n, x, 0, labels));
  await (heldOut ? d.sampleHeldOut(other, n, plain, 0) : d.sample(other, n, plain, 0));
  expect(x).toEqual(plain);
  expect(rng.state()).toEqual(other.state());
  return { x, labels, size };
}

let folder: string;
beforeAll(async () => {
  folder = await classFolder();
});

describe('labels from every labelled source', () => {
  it('MNIST: the label of each drawn image (train and held out), classes 0..9', async () => {
    const d = await loadDataset('mnist');
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const heldOut of [false, true]) {
      const { x, labels, size } = await drawLabelled(d, 16, heldOut);
      const split = heldOut ? d.labelled!.test : d.labelled!.train;
      const rng = DataRandom.seeded(5);
      for (let b = 0; b < 16; b++) {
        const i = rng.int(split.labels.length);
        expect(labels[b]).toBe(split.labels[i]);
        expect(x.subarray(b * size, (b + 1) * size)).toEqual(split.samples.subarray(i * size, (i + 1) * size));
      }
    }
  });

  it('image folders and packed files (loaded and streamed): the class folder of each drawn image', async () => {
    const packed = join(tmp(), 'classes.wgands');
    await packFolder(folder, packed, { height: 4, width: 4, channels: 3, fit: 'cover' });
    const sources = [
      await loadDataset('images', folder, { imageSize: 4 }),
      await loadDataset('packed', packed),
      await loadDataset('packed', packed, { memoryBudgetMB: 1e-6 }),
    ];
    expect(sources[2].report!.storage).toBe('stream');
    for (const d of sources) {
      expect(d.classes).toEqual(['a', 'b', 'c']);
      for (const heldOut of [false, true]) {
        const { x, labels, size } = await drawLabelled(d, 24, heldOut);
        for (let b = 0; b < 24; b++) expect(labels[b], `${d.name} sample ${b}`).toBe(classOfRed(x[b * size]));
      }
      await d.close?.();
    }
  });

  it('user arrays: labels and testLabels; a folder without class folders has none', async () => {
    const train = Float32Array.from({ length: 12 }, (_, i) => i / 12), test = Float32Array.from([0.5, 0.25]);
    const d = userDataset({ shape: [1], train, labels: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 4], test, testLabels: [3, 1], range: [0, 1] });
    expect(d.classes).toEqual(['0', '1', '2', '3', '4']);
    const { x, labels } = await drawLabelled(d, 20);
    for (let b = 0; b < 20; b++) expect(labels[b]).toBe([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 4][Math.round(x[b] * 12)]);
    const held = await drawLabelled(d, 6, true);
    for (let b = 0; b < 6; b++) expect(held.labels[b]).toBe(held.x[b] === 0.5 ? 3 : 1);
    expect(() => userDataset({ shape: [1], train, range: [0, 1] }).sample(DataRandom.seeded(1), 1, new Float32Array(1), 0, new Int32Array(1))).toThrow(
      expect.objectContaining({ code: 'ERR_DATASET', message: expect.stringMatching(/no class labels/) }),
    );
  });
});

// A conditional pair on 4×4 gray images of 3 classes: labelEmbedding into a dense generator, a critic of 1 + 3 outputs.
const generator: ModelSpec = {
  inputShape: [6],
  layers: [{ type: 'labelEmbedding', classes: K, dim: 3 }, { type: 'dense', units: 16 }, { type: 'tanh' }, { type: 'reshape', targetShape: [1, 4, 4] }],
};
const critic = (outputs = 1 + K): ModelSpec => ({
  inputShape: [1, 4, 4],
  layers: [{ type: 'flatten' }, { type: 'dense', units: 12 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: outputs }],
});
/** Images whose mean tells their class (-0.6, 0, 0.6), with labels, train and test. */
function arrays(count = 48) {
  const labels = Array.from({ length: count }, (_, i) => i % K);
  const images = (ls: number[]) => Float32Array.from({ length: ls.length * 16 }, (_, j) => Math.max(-1, Math.min(1, 0.6 * (ls[Math.floor(j / 16)] - 1) + 0.3 * Math.sin(j))));
  const testLabels = labels.slice(0, 12);
  return { shape: [1, 4, 4], train: images(labels), labels, test: images(testLabels), testLabels, range: [-1, 1] as [number, number] };
}
const base = (outDir: string): TrainOptions => ({ generator, critic: critic(), dataset: arrays(), zDim: 6, batchSize: 8, criticIters: 2, seed: 4, outDir, sampleEvery: 2, checkpointEvery: 3, lr: 1e-3 });
const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsLine);

describe('a conditional run', () => {
  it('records its classes and ACGAN weights, logs the ACGAN terms and draws one grid row per class', async () => {
    const outDir = tmp();
    const run = train({ ...base(outDir), iterations: 4, acganScaleG: 0.25 });
    await run.result;
    const config = JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ classes: { count: K, names: ['0', '1', '2'] }, acganScale: 1, acganScaleG: 0.25 });
    expect(readCheckpoint(join(outDir, 'checkpoints', 'iter-000004.safetensors')).config.classes).toEqual({ count: K, names: ['0', '1', '2'] });
    const lines = metrics(outDir);
    for (const m of lines) {
      expect(m.classifierLoss).toBeGreaterThan(0);
      expect(m.classifierAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.generatorClassifierLoss).toBeGreaterThan(0);
    }
    const grid = PNG.sync.read(readFileSync(join(outDir, 'samples', 'iter-000004.png')));
    expect([grid.width, grid.height]).toEqual([(8 * 5 + 1) * 2, (K * 5 + 1) * 2]); // 8 columns, K rows of 4×4 images
    // Row c shows class c: each column's latent point is the same in every row, so rows differ by class only.
    const pixel = (row: number, col: number) => grid.data[(((row * 5 + 1) * 2 + 2) * grid.width + (col * 5 + 1) * 2 + 2) * 4];
    expect(new Set([pixel(0, 0), pixel(1, 0), pixel(2, 0)]).size).toBeGreaterThan(1);
  });

  it('resumes bit-exactly: 3 + 3 iterations give the tensors, optimizer and random states of 6', async () => {
    const straight = tmp(), split = tmp();
    await train({ ...base(straight), iterations: 6 }).result;
    const first = train({ ...base(split), iterations: 6 });
    first.on('progress', (e) => e.iteration === 3 && first.abort());
    await expect(first.result).rejects.toThrow(AbortError);
    await train({ ...base(split), iterations: 6, resumeFrom: join(split, 'checkpoints', 'iter-000003.safetensors') }).result;
    const a = readSafetensors(join(straight, 'checkpoints', 'iter-000006.safetensors'));
    const b = readSafetensors(join(split, 'checkpoints', 'iter-000006.safetensors'));
    expect(Object.keys(b.tensors).sort()).toEqual(Object.keys(a.tensors).sort());
    for (const name of Object.keys(a.tensors)) expect(Array.from(b.tensors[name].data), name).toEqual(Array.from(a.tensors[name].data));
    for (const key of ['rngKey', 'rngCounter', 'dataRng']) expect(b.metadata[key]).toBe(a.metadata[key]);
    expect(metrics(split).slice(3)).toEqual(metrics(straight).slice(3).map((m) => ({ ...m, stepMs: expect.any(Number) })));
  });

  it('is refused before any work on data that cannot feed it, naming what is wrong', async () => {
    const fails = async (o: Partial<TrainOptions>, code: string, message: RegExp) => {
      const outDir = tmp();
      await expect(train({ ...base(outDir), iterations: 2, ...o }).result).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
      expect(() => readFileSync(join(outDir, 'metrics.jsonl'))).toThrow();
    };
    const { labels: _l, testLabels: _t, test: _x, ...unlabelled } = arrays();
    await fails({ dataset: unlabelled }, 'ERR_DATASET', /conditional \(3 classes\) but the dataset 'arrays' has no class labels/);
    await fails({ dataset: { ...arrays(), labels: arrays().labels.map((l) => (l === 2 ? 3 : l)), testLabels: undefined, test: undefined } }, 'ERR_INVALID_MODEL', /conditioned on 3 classes but the dataset 'arrays' has 4 classes \(0, 1, 2, 3\)/);
    await fails({ dataset: { ...arrays(), testLabels: undefined } }, 'ERR_DATASET', /testLabels.*held-out samples/);
    await fails({ critic: critic(1) }, 'ERR_INVALID_MODEL', /reads labels of 3 classes but the critic has no classifier head/);
    const toyGenerator: ModelSpec = { inputShape: [2], layers: [{ type: 'labelEmbedding', classes: K, dim: 2 }, { type: 'dense', units: 2 }] };
    await fails({ dataset: 'toy-8gaussians', generator: toyGenerator, critic: { inputShape: [2], layers: [{ type: 'dense', units: 1 + K }] }, zDim: 2 }, 'ERR_DATASET', /toy-8gaussians' has no class labels/);
  });
});
