/**
 * Using a conditional generator: generateSamples / sampleCheckpoint with labels, `wgan-gp sample --class c` and
 * `--class all` (one row per class), the label accuracy of `evaluate()` / `wgan-gp eval` (checked on real MNIST
 * test images, whose labels the classifier mostly gets right), and the typed errors for labels that do not fit.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { evaluate, generateSamples, loadDataset, sampleCheckpoint, train } from '../lib/index.js';
import { exportGenerator } from '../lib/export/index.js';
import { loadClassifier } from '../lib/eval/classifier.js';
import { classifierMetrics, labelAccuracy, referenceStats } from '../lib/eval/images.js';
import { DataRandom } from '../lib/random.js';
import { loadCheckpointModels, sampleClassGrid, samplesFor } from '../lib/sample.js';
import { classFolder } from './class-folder.js';
import { cli } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-cond-sample-'));
let conditional: string, plain: string, named: string;
const checkpointOf = (dir: string) => join(dir, 'checkpoints', 'iter-000002.safetensors');

beforeAll(async () => {
  [conditional, plain, named] = [tmp(), tmp(), tmp()];
  const small = { imageSize: 8, batchSize: 2, generatorBatchSize: 2, criticIters: 1, iterations: 2, sampleEvery: 100 };
  await train({ preset: 'cifar-resnet-conditional', dataDir: await classFolder(), outDir: named, ...small }).result;
  await train({ preset: 'mnist-conditional', iterations: 2, batchSize: 8, sampleEvery: 100, outDir: conditional }).result;
  await train({ preset: 'toy-8gaussians-fast', iterations: 2, sampleEvery: 100, outDir: plain }).result;
}, 120_000);

describe('label accuracy', () => {
  it('counts the samples drawn for a class that the classifier gives it, overall and per class', () => {
    expect(labelAccuracy([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 1], 3)).toEqual({ labelAccuracy: 4 / 6, labelAccuracyByClass: [1, 1 / 2, 2 / 3] });
    expect(labelAccuracy([0, 0], [0, 0], 3).labelAccuracyByClass).toEqual([1, NaN, NaN]); // no sample drawn for 1, 2
  });

  it('real MNIST test images under their own labels score about the classifier accuracy; under shifted labels about 0', async () => {
    const d = await loadDataset('mnist');
    const n = 1000, test = d.labelled!.test, classifier = loadClassifier('mnist');
    try {
      const images = test.samples.subarray(0, n * 784), labels = Int32Array.from(test.labels.subarray(0, n));
      const reference = await referenceStats(classifier, images, n);
      const right = await classifierMetrics(classifier, images, n, reference, labels);
      expect(right.labelAccuracy).toBeGreaterThan(0.97);
      expect(right.labelAccuracyByClass).toHaveLength(10);
      for (const a of right.labelAccuracyByClass!) expect(a).toBeGreaterThan(0.9);
      const wrong = await classifierMetrics(classifier, images, n, reference, labels.map((l) => (l + 1) % 10));
      expect(wrong.labelAccuracy).toBeLessThan(0.03);
      expect((await classifierMetrics(classifier, images, n, reference)).labelAccuracy).toBeUndefined();
    } finally {
      classifier.dispose();
    }
  });

  it('evaluate() and wgan-gp eval report it for a conditional MNIST checkpoint, classes drawn evenly', async () => {
    const e = await evaluate(conditional, { n: 200 });
    if (e.metrics.kind !== 'classifier') throw new Error(`expected classifier metrics, got ${e.metrics.kind}`);
    expect(e.metrics.labelAccuracy).toBeGreaterThanOrEqual(0);
    expect(e.metrics.labelAccuracyByClass).toHaveLength(10);
    const mean = e.metrics.labelAccuracyByClass!.reduce((a, b) => a + b, 0) / 10; // 20 samples per class
    expect(mean).toBeCloseTo(e.metrics.labelAccuracy!, 10);
    const r = await cli('eval', conditional, '--n', '200');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/label accuracy: +\d+\.\d%/);
    expect(r.stdout).toMatch(/per class: +(\d+\.\d ){9}\d+\.\d/);
  });
});

describe('exporting a conditional generator', () => {
  it("ONNX takes a label input beside z; the web export's model.json names the run's classes", async () => {
    const dir = tmp(), file = join(dir, 'g.onnx');
    await exportGenerator(conditional, { format: 'onnx', out: file });
    const session = await ort.InferenceSession.create(file);
    expect(session.inputNames).toEqual(['z', 'label']);
    const models = loadCheckpointModels(checkpointOf(conditional));
    try {
      const z = new Float32Array(2 * 128).map((_, i) => Math.sin(i));
      const out = await session.run({ z: new ort.Tensor('float32', z, [2, 128]), label: new ort.Tensor('int64', BigInt64Array.of(7n, 3n), [2]) });
      const ref = models.generator.predict(z, 2, { labels: Int32Array.of(7, 3) }), got = out.samples.data as Float32Array;
      expect(Math.max(...ref.map((v, i) => Math.abs(v - got[i])))).toBeLessThan(1e-4);
    } finally {
      models.dispose();
    }
    await exportGenerator(conditional, { format: 'web', out: join(dir, 'site') });
    expect(JSON.parse(readFileSync(join(dir, 'site', 'model.json'), 'utf8')).classes).toEqual({ count: 10, names: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
  });
});

describe('sampling a class', () => {
  it('generateSamples({ labels }) and sampleCheckpoint({ labels }) draw the requested classes', async () => {
    const models = loadCheckpointModels(checkpointOf(conditional));
    try {
      const G = models.generator;
      const sevens = await generateSamples(G, 3, 5, { labels: [7, 7, 7] });
      const mixed = await generateSamples(G, 3, 5, { labels: [7, 2, 7] });
      expect(mixed.subarray(0, 784)).toEqual(sevens.subarray(0, 784));
      expect(mixed.subarray(784, 2 * 784)).not.toEqual(sevens.subarray(784, 2 * 784));
      const fromFile = await sampleCheckpoint(checkpointOf(conditional), { n: 3, seed: 5, labels: [7, 7, 7] });
      expect(fromFile.data).toEqual(sevens);
      const bad = (m: RegExp) => expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(m) });
      await expect(generateSamples(G, 2)).rejects.toThrow(bad(/conditional \(10 classes\)/));
      await expect(generateSamples(G, 2, 0, { labels: [1] })).rejects.toThrow(bad(/expected 2 classes/));
      await expect(generateSamples(G, 2, 0, { labels: [1, 10] })).rejects.toThrow(bad(/labels\[1\] is 10; expected a class in \[0, 9\]/));
      await expect(generateSamples(G, 2, 0, { labels: [1, 2], other: 1 } as never)).rejects.toThrow(/other/);
    } finally {
      models.dispose();
    }
    await expect(sampleCheckpoint(checkpointOf(plain), { n: 2, labels: [0, 1] })).rejects.toThrow(/unconditional/);
  });

  it('wgan-gp sample --class 7 (number or name) and --class all: one row per class, each column one latent point', async () => {
    const seven = await cli('sample', '--checkpoint', checkpointOf(conditional), '--class', '7', '--n', '4', '--seed', '3', '--format', 'json');
    expect(seven.code, seven.stderr).toBe(0);
    const { shape, data } = JSON.parse(seven.stdout) as { shape: number[]; data: number[] };
    expect(shape).toEqual([4, 1, 28, 28]);
    const models = loadCheckpointModels(checkpointOf(conditional));
    try {
      expect(Float32Array.from(data)).toEqual(await generateSamples(models.generator, 4, 3, { labels: [7, 7, 7, 7] }));
      const all = await cli('sample', '--checkpoint', checkpointOf(conditional), '--class', 'all', '--n', '3', '--format', 'json');
      const grid = JSON.parse(all.stdout) as { shape: number[]; data: number[] };
      expect(grid.shape).toEqual([30, 1, 28, 28]);
      expect(Float32Array.from(grid.data)).toEqual(await sampleClassGrid(models.generator, 3, 0));
      // Row c, column j: the latent point j of the seed's normals under class c.
      const rng = DataRandom.seeded(0), zDim = models.generator.inputSize;
      const latents = Float32Array.from({ length: 3 * zDim }, () => rng.normal());
      // One row through the generator against 30 at once: the same arithmetic but for the GEMM's blocking, which
      // depends on the row count (an ulp or so); another class or latent point is far off.
      const gap = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
      const cell = (c: number, j: number) => grid.data.slice((c * 3 + j) * 784, (c * 3 + j + 1) * 784);
      for (const [c, j] of [[0, 0], [4, 2], [9, 1]]) {
        const one = await samplesFor(models.generator, latents.slice(j * zDim, (j + 1) * zDim), Int32Array.from([c]));
        expect(gap(cell(c, j), one), `row ${c}, column ${j}`).toBeLessThan(1e-5);
        expect(gap(cell(c, (j + 1) % 3), one), `row ${c}, another column`).toBeGreaterThan(1e-3);
        expect(gap(cell((c + 1) % 10, j), one), `another row, column ${j}`).toBeGreaterThan(1e-3);
      }
    } finally {
      models.dispose();
    }
    const byName = await cli('sample', '--checkpoint', checkpointOf(named), '--class', 'b', '--n', '2', '--format', 'json');
    const byNumber = await cli('sample', '--checkpoint', checkpointOf(named), '--class', '1', '--n', '2', '--format', 'json');
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toBe(byNumber.stdout);
    const out = join(tmp(), 'grid.png');
    const png = await cli('sample', '--checkpoint', checkpointOf(conditional), '--class', 'all', '--out', out);
    expect(png.code, png.stderr).toBe(0);
    const image = PNG.sync.read(readFileSync(out));
    expect([image.width, image.height]).toEqual([(8 * 29 + 1) * 2, (10 * 29 + 1) * 2]);
  });

  it('--class on an unconditional checkpoint, none on a conditional one, an unknown class: typed errors', async () => {
    const fails = async (args: string[], message: RegExp) => {
      const r = await cli('sample', '--format', 'json', ...args);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
    };
    await fails(['--checkpoint', checkpointOf(plain), '--class', '3'], /--class: this checkpoint's generator is unconditional/);
    await fails(['--checkpoint', checkpointOf(conditional)], /conditional \(10 classes\): give --class <class> or --class all/);
    await fails(['--checkpoint', checkpointOf(conditional), '--class', '10'], /expected all, a class in \[0, 9\] or one of 0, 1, 2/);
    await fails(['--checkpoint', checkpointOf(conditional), '--class', 'all', '--seeds', '0-3'], /--class all draws a grid/);
    await fails(['--checkpoint', checkpointOf(named), '--class', 'd'], /a class in \[0, 2\] or one of a, b, c; got 'd'/);
  });
});
