/**
 * One entry point for sample-quality metrics, by data set: toy sets are scored by mode coverage or
 * distance to the spiral, MNIST and Fashion-MNIST by the shipped classifier. A meter is built once per
 * run (the classifier and the test set's feature statistics are loaded then) and measures a generator.
 */
import type { Dataset } from '../datasets/index.js';
import type { ToyName } from '../datasets/toy.js';
import { UnsupportedError } from '../errors.js';
import { generateSamples } from '../sample.js';
import type { Sequential } from '../sequential.js';
import { CLASSIFIER_DATASETS, loadClassifier, type ClassifierDataset } from './classifier.js';
import { classifierMetrics, referenceStats, type ClassifierMetrics } from './images.js';
import { toyMetrics, type ToyMetrics } from './toy.js';

export type QualityMetrics = ToyMetrics | ClassifierMetrics;

/** Samples a metric is computed on unless told otherwise: the reference's toy plots hold 2,500 points;
 *  5,000 images keep the Fréchet distance's small-sample bias low at a few seconds of generation. */
export const defaultSampleCount = (dataset: string) => (isToy(dataset) ? 2500 : 5000);

export const isToy = (dataset: string): dataset is ToyName => dataset.startsWith('toy-');
const isClassified = (dataset: string): dataset is ClassifierDataset => (CLASSIFIER_DATASETS as readonly string[]).includes(dataset);

/** Whether sample-quality metrics exist for a data set. */
export const hasQualityMetrics = (dataset: string) => isToy(dataset) || isClassified(dataset);

export interface QualityMeter {
  measure(generator: Sequential, n: number, seed: number): Promise<QualityMetrics>;
  dispose(): void;
}

/** Builds the meter of a data set; its slow parts (classifying the test set, generating samples) run
 *  off the main thread. */
export async function qualityMeter(dataset: Dataset): Promise<QualityMeter> {
  const name = dataset.name;
  if (isToy(name)) return { measure: async (G, n, seed) => toyMetrics(name, await generateSamples(G, n, seed)), dispose: () => {} };
  if (!isClassified(name) || !dataset.labelled)
    throw new UnsupportedError(`sample-quality metrics are available for the toy sets, MNIST and Fashion-MNIST, not '${name}'`);
  const classifier = loadClassifier(name);
  const test = dataset.labelled.test;
  try {
    const reference = await referenceStats(classifier, test.samples, test.labels.length);
    return {
      measure: async (G, n, seed) => classifierMetrics(classifier, await generateSamples(G, n, seed), n, reference),
      dispose: () => classifier.dispose(),
    };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

/** The fields a run logs into metrics.jsonl for one measurement. */
export function qualityFields(m: QualityMetrics): Record<string, number> {
  switch (m.kind) {
    case 'modes':
      return { modesCovered: m.covered, highQualityShare: m.highQualityShare };
    case 'manifold':
      return { manifoldDistance: m.meanDistance };
    case 'classifier':
      return { classifierScore: m.classifierScore, classesCovered: m.classesCovered, confidentShare: m.confidentShare, frechetDistance: m.frechetDistance };
  }
}
