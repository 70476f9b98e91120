/**
 * One entry point for sample-quality metrics, by data set: toy sets are scored by mode coverage or
 * distance to the spiral, MNIST and Fashion-MNIST by the shipped classifier. A meter is built once per
 * run (the classifier and the test set's feature statistics are loaded then) and measures a generator.
 */
import type { Dataset } from '../datasets/index.js';
import type { ToyName } from '../datasets/toy.js';
import { UnsupportedError } from '../errors.js';
import { balancedLabels, generateSamples } from '../sample.js';
import type { Sequential } from '../sequential.js';
import { CLASSIFIER_DATASETS, loadClassifier, type ClassifierDataset } from './classifier.js';
import { classifierMetrics, referenceStats, type ClassifierMetrics } from './images.js';
import { toyMetrics, type ToyMetrics } from './toy.js';
import { swdDescriptors, swdMetrics, swdResolutions, type SwdMetrics } from './swd.js';
import { DataRandom } from '../random.js';

export type QualityMetrics = ToyMetrics | ClassifierMetrics | SwdMetrics;

/** Samples a metric is computed on unless told otherwise: the reference's toy plots hold 2,500 points;
 *  5,000 images keep the Fréchet distance's small-sample bias low at a few seconds of generation. */
export const defaultSampleCount = (dataset: string) => (isToy(dataset) ? 2500 : isClassified(dataset) ? 5000 : SWD_SAMPLES);
/** Images of each side of a sliced Wasserstein distance: 131,072 patches per level (the reference uses 16,384 images). */
export const SWD_SAMPLES = 1024;

export const isToy = (dataset: string): dataset is ToyName => dataset.startsWith('toy-');
const isClassified = (dataset: string): dataset is ClassifierDataset => (CLASSIFIER_DATASETS as readonly string[]).includes(dataset);

/** Images of at least 16×16 (other than MNIST's) are measured by the sliced Wasserstein distance. */
const isSwd = (dataset: string, shape: readonly number[]) => !isToy(dataset) && !isClassified(dataset) && shape.length === 3 && swdResolutions(shape[1], shape[2]).length > 0;

/** Whether sample-quality metrics exist for a data set (of this sample shape). */
export const hasQualityMetrics = (dataset: string, shape: readonly number[] = []) => isToy(dataset) || isClassified(dataset) || isSwd(dataset, shape);

/** The classes a conditional generator is asked for (evenly spread), or none for an unconditional one. */
const labelsFor = (G: Sequential, n: number) => (G.labelClasses ? balancedLabels(G.labelClasses, n) : undefined);
const samplesOf = (G: Sequential, n: number, seed: number, labels = labelsFor(G, n)) => generateSamples(G, n, seed, labels ? { labels } : {});

export interface QualityMeter {
  measure(generator: Sequential, n: number, seed: number): Promise<QualityMetrics>;
  dispose(): void;
}

/** Builds the meter of a data set; its slow parts (classifying the test set, generating samples) run
 *  off the main thread. */
export async function qualityMeter(dataset: Dataset): Promise<QualityMeter> {
  const name = dataset.name;
  if (isToy(name)) return { measure: async (G, n, seed) => toyMetrics(name, await samplesOf(G, n, seed)), dispose: () => {} };
  if (isSwd(name, dataset.sampleShape)) return swdMeter(dataset);
  if (!isClassified(name) || !dataset.labelled)
    throw new UnsupportedError(`sample-quality metrics are available for the toy sets, MNIST, Fashion-MNIST and images of at least 16x16, not '${name}'`);
  const classifier = loadClassifier(name);
  const test = dataset.labelled.test;
  try {
    const reference = await referenceStats(classifier, test.samples, test.labels.length);
    return {
      measure: async (G, n, seed) => {
        const labels = labelsFor(G, n);
        return classifierMetrics(classifier, await samplesOf(G, n, seed, labels), n, reference, labels);
      },
      dispose: () => classifier.dispose(),
    };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

/** The SWD of generated images against as many held-out images (their descriptors are kept per n). */
function swdMeter(dataset: Dataset): QualityMeter {
  const shape = dataset.sampleShape, size = shape.reduce((a, b) => a * b, 1);
  const reference = new Map<number, Float32Array[]>();
  const [lo, hi] = dataset.range;
  return {
    async measure(G, n, seed) {
      if (!reference.has(n)) {
        const real = new Float32Array(n * size);
        await dataset.sampleHeldOut(DataRandom.seeded(4242), n, real, 0);
        reference.set(n, await swdDescriptors(real, n, shape, 4243));
      }
      // generated values are clipped to the data's range, as images would be when saved
      const fake = (await samplesOf(G, n, seed)).map((v) => Math.min(hi, Math.max(lo, v)));
      return swdMetrics(reference.get(n)!, fake, n, shape, seed);
    },
    dispose: () => reference.clear(),
  };
}

/** The fields a run logs into metrics.jsonl for one measurement. */
export function qualityFields(m: QualityMetrics): Record<string, number> {
  switch (m.kind) {
    case 'modes':
      return { modesCovered: m.covered, highQualityShare: m.highQualityShare };
    case 'manifold':
      return { manifoldDistance: m.meanDistance };
    case 'classifier':
      return {
        classifierScore: m.classifierScore,
        classesCovered: m.classesCovered,
        confidentShare: m.confidentShare,
        frechetDistance: m.frechetDistance,
        ...(m.labelAccuracy === undefined ? {} : { labelAccuracy: m.labelAccuracy }),
      };
    case 'swd':
      return { swd: m.swd, ...Object.fromEntries(m.levels.map((l) => [`swd${l.resolution}`, l.swd])) };
  }
}
