/**
 * Sample-quality metrics of generated MNIST / Fashion-MNIST images, from the shipped classifier:
 * - classifierScore: the Inception-Score formula exp(E_x KL(p(y|x) ‖ p(y))) with this classifier
 *   (1 = every sample gets the same or an uncertain label; 10 = confident and evenly spread labels);
 * - class coverage: a class counts when at least MODE_MIN_SHARE of its fair share (1/10) of the
 *   samples get its label (the rule the toy metrics use for modes), with the histogram;
 * - confidence: the mean top probability and the share of samples whose top probability is ≥ 0.9;
 * - frechetDistance: between Gaussians fitted to the classifier's 128 features of the samples and of
 *   the test set (the FID recipe with this classifier instead of Inception; 0 for identical sets);
 * - labelAccuracy, for a conditional generator: the share of samples drawn for class c that the classifier
 *   assigns to c, overall and per class.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MODE_MIN_SHARE } from './toy.js';
import { CLASSES, FEATURES, type Classifier } from './classifier.js';
import { featureStats, frechetDistance, type FeatureStats } from './frechet.js';

/** A sample counts as confidently classified at this top probability. */
export const CONFIDENT_PROBABILITY = 0.9;

export interface ClassifierMetrics {
  kind: 'classifier';
  classifierScore: number;
  classes: number;
  classesCovered: number;
  /** samples given each label, by class */
  classHistogram: number[];
  meanConfidence: number;
  confidentShare: number;
  frechetDistance: number;
  samples: number;
  /** samples drawn for a class that the classifier gives that class, overall and by class (conditional only) */
  labelAccuracy?: number;
  labelAccuracyByClass?: number[];
}

/** The label accuracy of samples drawn for `labels`, given the classifier's top class of each. */
export function labelAccuracy(top: ArrayLike<number>, labels: ArrayLike<number>, classes = CLASSES) {
  const drawn = new Array<number>(classes).fill(0), right = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    drawn[labels[i]]++;
    if (top[i] === labels[i]) right[labels[i]]++;
  }
  const total = right.reduce((a, b) => a + b, 0);
  return { labelAccuracy: total / labels.length, labelAccuracyByClass: right.map((r, c) => (drawn[c] ? r / drawn[c] : NaN)) };
}

/** exp(E_x KL(p(y|x) ‖ p(y))) over rows of class probabilities. */
export function classifierScore(probabilities: Float32Array, classes = CLASSES): number {
  const n = probabilities.length / classes;
  const marginal = new Float64Array(classes);
  for (let i = 0; i < n; i++) for (let k = 0; k < classes; k++) marginal[k] += probabilities[i * classes + k] / n;
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < classes; k++) {
      const p = probabilities[i * classes + k];
      if (p > 0) kl += p * (Math.log(p) - Math.log(marginal[k]));
    }
  return Math.exp(kl / n);
}

/** Metrics of n images against the test set's feature statistics; with the classes they were drawn for
 *  (a conditional generator's labels), their label accuracy too. */
export async function classifierMetrics(classifier: Classifier, images: Float32Array, n: number, reference: FeatureStats, labels?: Int32Array): Promise<ClassifierMetrics> {
  const { probabilities, features } = await classifier.run(images, n);
  const classHistogram = new Array<number>(CLASSES).fill(0);
  const tops = new Int32Array(n);
  let confidence = 0, confident = 0;
  for (let i = 0; i < n; i++) {
    const row = probabilities.subarray(i * CLASSES, (i + 1) * CLASSES);
    const top = Math.max(...row);
    tops[i] = row.indexOf(top);
    classHistogram[tops[i]]++;
    confidence += top;
    if (top >= CONFIDENT_PROBABILITY) confident++;
  }
  const minCount = (MODE_MIN_SHARE * n) / CLASSES;
  const stats = featureStats(features, FEATURES);
  await nextTurn(); // fitting the Gaussian and the Fréchet distance take ~0.1 s each: a turn between them
  return {
    kind: 'classifier',
    classifierScore: classifierScore(probabilities),
    classes: CLASSES,
    classesCovered: classHistogram.filter((c) => c >= minCount && c > 0).length,
    classHistogram,
    meanConfidence: confidence / n,
    confidentShare: confident / n,
    frechetDistance: frechetDistance(stats, reference),
    samples: n,
    ...(labels ? labelAccuracy(tops, labels) : {}),
  };
}

/** Feature statistics of a set of real images (e.g. the test split), the reference of the Fréchet distance. */
export async function referenceStats(classifier: Classifier, images: Float32Array, n: number): Promise<FeatureStats> {
  return featureStats((await classifier.run(images, n)).features, FEATURES);
}
