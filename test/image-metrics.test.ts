/**
 * The MNIST sample-quality metrics: the classifier score formula and the Fréchet distance on cases with
 * known answers, then the shipped classifier on real data (test set, one class removed) against noise,
 * the training function behind the shipped weights, and evaluate() / the eval command on a checkpoint.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, evaluate, loadDataset, train } from '../lib/index.js';
import type { LabelledSplits } from '../lib/datasets/dataset.js';
import { classifierPath, loadClassifier, trainClassifier, type Classifier } from '../lib/eval/classifier.js';
import { featureStats, frechetDistance } from '../lib/eval/frechet.js';
import { classifierMetrics, classifierScore, referenceStats } from '../lib/eval/images.js';
import { readSafetensors } from '../lib/train/safetensors.js';
import { freshSeed, makeRandom } from './helpers.js';

describe('classifier score (Inception-Score formula)', () => {
  const rows = (n: number, f: (i: number, k: number) => number) => Float32Array.from({ length: n * 10 }, (_, j) => f(Math.floor(j / 10), j % 10));

  it('is 10 for confident labels spread evenly over 10 classes, 1 for one class or uncertain labels', () => {
    expect(classifierScore(rows(100, (i, k) => (k === i % 10 ? 1 : 0)))).toBeCloseTo(10, 10);
    expect(classifierScore(rows(100, (_, k) => (k === 4 ? 1 : 0)))).toBeCloseTo(1, 10);
    expect(classifierScore(rows(100, () => 0.1))).toBeCloseTo(1, 6);
  });

  it('is the number of classes used for confident labels on k classes', () => {
    expect(classifierScore(rows(60, (i, k) => (k === i % 3 ? 1 : 0)))).toBeCloseTo(3, 10);
  });
});

describe('Fréchet distance', () => {
  it('is 0 for identical statistics and symmetric', () => {
    const rnd = makeRandom(freshSeed());
    const a = featureStats(rnd.array(400 * 5), 5), b = featureStats(rnd.array(300 * 5, -2, 1), 5);
    expect(frechetDistance(a, a)).toBeLessThan(1e-9);
    expect(Math.abs(frechetDistance(a, b) - frechetDistance(b, a))).toBeLessThan(1e-9 * frechetDistance(a, b));
  });

  it('matches the 2-D closed form tr((Σ₁Σ₂)^½) = √(tr Σ₁Σ₂ + 2√det Σ₁Σ₂) on correlated features', () => {
    const rnd = makeRandom(freshSeed());
    const correlated = (n: number, mix: number) =>
      Float32Array.from({ length: 2 * n }, function () {
        return 0;
      }).map((_, j, arr) => (j % 2 === 0 ? rnd.next() * 3 : arr[j - 1] * mix + rnd.next()));
    const a = featureStats(correlated(500, 0.8), 2), b = featureStats(correlated(500, -0.3), 2);
    const [p, q, r, s] = a.covariance, [e, f, g, h] = b.covariance;
    const prod = [p * e + q * g, p * f + q * h, r * e + s * g, r * f + s * h];
    const trRoot = Math.sqrt(prod[0] + prod[3] + 2 * Math.sqrt(prod[0] * prod[3] - prod[1] * prod[2]));
    const expected = (a.mean[0] - b.mean[0]) ** 2 + (a.mean[1] - b.mean[1]) ** 2 + p + s + e + h - 2 * trRoot;
    expect(Math.abs(frechetDistance(a, b) - expected)).toBeLessThan(1e-9 * Math.max(1, expected));
  });
});

describe('the shipped MNIST classifier', () => {
  let classifier: Classifier;
  let data: LabelledSplits;
  let reference: Awaited<ReturnType<typeof referenceStats>>;
  beforeAll(async () => {
    classifier = loadClassifier('mnist');
    data = (await loadDataset('mnist')).labelled!;
    reference = await referenceStats(classifier, data.test.samples, 10000);
  });

  it('classifies the test set with >= 98.5% accuracy', async () => {
    const { probabilities } = await classifier.run(data.test.samples, 10000);
    let correct = 0;
    for (let i = 0; i < 10000; i++) {
      const row = probabilities.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === data.test.labels[i]) correct++;
    }
    expect(correct / 10000).toBeGreaterThanOrEqual(0.985);
  });

  it('scores real training images near 10 with all classes and a small Fréchet distance; noise near 1 and far away', async () => {
    const real = await classifierMetrics(classifier, data.train.samples.subarray(0, 5000 * 784), 5000, reference);
    expect(real.classifierScore).toBeGreaterThan(9.5);
    expect(real.classesCovered).toBe(10);
    expect(real.confidentShare).toBeGreaterThan(0.95);
    const rnd = makeRandom(freshSeed());
    const noise = await classifierMetrics(classifier, rnd.array(2000 * 784, 0, 1), 2000, reference);
    expect(noise.classifierScore, `seed ${rnd.seed}`).toBeLessThan(3);
    expect(noise.frechetDistance).toBeGreaterThan(20 * real.frechetDistance);
    expect(noise.confidentShare).toBeLessThan(0.5);
  });

  it('finds a missing digit: 9 of 10 classes and an empty bin for it', async () => {
    const kept: number[] = [];
    for (let i = 0; i < 10000 && kept.length < 3000; i++) if (data.test.labels[i] !== 3) kept.push(i);
    const images = new Float32Array(kept.length * 784);
    kept.forEach((s, i) => images.set(data.test.samples.subarray(s * 784, (s + 1) * 784), i * 784));
    const m = await classifierMetrics(classifier, images, kept.length, reference);
    expect(m.classesCovered).toBe(9);
    expect(m.classHistogram[3]).toBeLessThan(0.01 * kept.length);
  });

  it('names the file when the weights are missing', () => {
    expect(() => loadClassifier('mnist', '/nonexistent/mnist-classifier.safetensors')).toThrow(CheckpointError);
    expect(classifierPath('mnist')).toMatch(/models\/mnist-classifier\.safetensors$/);
  });

  it('trainClassifier (the function behind the shipped weights) learns: > 90% after two epochs on 6,000 images', async () => {
    const subset: LabelledSplits = {
      train: { samples: data.train.samples.subarray(0, 6000 * 784), labels: data.train.labels.subarray(0, 6000) },
      test: { samples: data.test.samples.subarray(0, 2000 * 784), labels: data.test.labels.subarray(0, 2000) },
    };
    const trained = await trainClassifier(subset, { epochs: 2, seed: 5 });
    expect(trained.testAccuracy).toBeGreaterThan(0.9);
  });
});

describe('the shipped Fashion-MNIST classifier', () => {
  it('loads, and records the data set and a test accuracy of >= 90% it was trained to', async () => {
    const file = readSafetensors(classifierPath('fashion-mnist'));
    expect(file.metadata.dataset).toBe('fashion-mnist');
    expect(Number(file.metadata.testAccuracy)).toBeGreaterThanOrEqual(0.9);
    const classifier = loadClassifier('fashion-mnist');
    const { probabilities, features } = await classifier.run(new Float32Array(2 * 784).fill(0.5), 2);
    expect(probabilities.length).toBe(20);
    expect(features.length).toBe(2 * 128);
    classifier.dispose();
  });
});

describe('evaluate() on an MNIST run', () => {
  it('logs classifier metrics every evalEvery and the eval command prints them', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wgan-gp-eval-mnist-'));
    await train({ preset: 'mnist', iterations: 2, batchSize: 8, evalEvery: 2, outDir }).result;
    const lines = readFileSync(join(outDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1]).toMatchObject({ iteration: 2, classesCovered: expect.any(Number), frechetDistance: expect.any(Number) });
    const e = await evaluate(outDir, { n: 300 });
    expect(e.metrics).toMatchObject({ kind: 'classifier', classes: 10, samples: 300 });
    // an untrained generator draws blurs: far from the test set
    expect(e.metrics.kind === 'classifier' && e.metrics.frechetDistance).toBeGreaterThan(100);
    const text = execFileSync(process.execPath, [join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'), 'eval', outDir, '--n', '300'], { encoding: 'utf8' });
    expect(text).toMatch(/classifier score: +\d/);
    expect(text).toMatch(/Fréchet distance: +\d/);
  });
});
