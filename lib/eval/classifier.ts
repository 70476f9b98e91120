/**
 * The small convolutional classifier behind the MNIST and Fashion-MNIST scores, trained by wgan-gp
 * itself (softmax cross-entropy in the native core, Adam). Its weights ship in models/ together with
 * scripts/train-classifier.mjs, which reproduces them. The 128 units before the last layer are the
 * features of the Fréchet distance.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Adam } from '../adam.js';
import type { LabelledSplits } from '../datasets/dataset.js';
import { CheckpointError, InvalidArgumentError } from '../errors.js';
import type { ModelSpec } from '../layers.js';
import { checkOptionKeys } from '../option-keys.js';
import { packageRoot } from '../native.js';
import { DataRandom } from '../random.js';
import { Sequential } from '../sequential.js';
import { encodeSafetensors, readSafetensors, writeFileAtomic } from '../train/safetensors.js';
import { VERSION } from '../version.js';

export const CLASSIFIER_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type ClassifierDataset = (typeof CLASSIFIER_DATASETS)[number];

export const CLASSES = 10;
export const FEATURES = 128;

/** Two 5x5 stride-2 convolutions (16, 32 filters), a 128-unit layer (the features), 10 logits. */
export const CLASSIFIER_SPEC: ModelSpec = {
  inputShape: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'relu' },
    { type: 'conv2d', filters: 32, kernelSize: 5, strides: 2, padding: 'same' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: FEATURES },
    { type: 'relu' },
    { type: 'dense', units: CLASSES },
  ],
};
/** The layers up to the features; the last layer maps them to logits. */
const TRUNK_LAYERS = CLASSIFIER_SPEC.layers.length - 1;

/** Where the shipped weights of a data set's classifier live. */
export const classifierPath = (dataset: ClassifierDataset) => join(packageRoot, 'models', `${dataset}-classifier.safetensors`);

export interface ClassifierOutputs {
  /** n × 10 class probabilities */
  probabilities: Float32Array;
  /** n × 128 features */
  features: Float32Array;
}

/** A trained classifier, run as its trunk (to the features) and its head (features to logits). */
export class Classifier {
  private readonly trunk: Sequential;
  private readonly head: Sequential;

  constructor(weights: Record<string, Float32Array>) {
    this.trunk = new Sequential({ inputShape: CLASSIFIER_SPEC.inputShape, layers: CLASSIFIER_SPEC.layers.slice(0, TRUNK_LAYERS) });
    this.head = new Sequential({ inputShape: [FEATURES], layers: CLASSIFIER_SPEC.layers.slice(TRUNK_LAYERS) });
    this.trunk.setParameters(Object.fromEntries(this.trunk.tensors.map((t) => [t.name, weights[t.name]])));
    this.head.setParameters(Object.fromEntries(this.head.tensors.map((t) => [t.name, weights[t.name.replace(/^0\./, `${TRUNK_LAYERS}.`)]])));
  }

  /** Probabilities and features of n images (1 × 28 × 28 each, values in [0, 1]), computed off the main thread. */
  async run(images: Float32Array, n: number): Promise<ClassifierOutputs> {
    const size = 28 * 28;
    if (images.length !== n * size) throw new InvalidArgumentError(`images must hold ${n} × ${size} values, got ${images.length}`);
    const probabilities = new Float32Array(n * CLASSES), features = new Float32Array(n * FEATURES);
    const chunk = 1000;
    for (let first = 0; first < n; first += chunk) {
      const count = Math.min(chunk, n - first);
      const f = await this.trunk.predictAsync(images.subarray(first * size, (first + count) * size), count);
      features.set(f, first * FEATURES);
      probabilities.set(softmaxRows(await this.head.predictAsync(f, count), CLASSES), first * CLASSES);
    }
    return { probabilities, features };
  }

  dispose(): void {
    this.trunk.dispose();
    this.head.dispose();
  }
}

export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += classes) {
    const row = logits.subarray(r, r + classes);
    const top = Math.max(...row);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(row[k] - top);
    for (let k = 0; k < classes; k++) out[r + k] = Math.exp(row[k] - top) / sum;
  }
  return out;
}

/** The shipped classifier of a data set; a CheckpointError names the file when it is missing or damaged. */
export function loadClassifier(dataset: ClassifierDataset, file = classifierPath(dataset)): Classifier {
  if (!existsSync(file))
    throw new CheckpointError(`the ${dataset} classifier ${file} is missing (reproduce it with: node scripts/train-classifier.mjs ${dataset})`);
  return new Classifier(Object.fromEntries(Object.entries(readSafetensors(file).tensors).map(([k, t]) => [k, t.data])));
}

export interface ClassifierTrainingOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  onEpoch?: (e: { epoch: number; loss: number; trainAccuracy: number; testAccuracy: number }) => void;
}

export interface TrainedClassifier {
  weights: Record<string, { shape: number[]; data: Float32Array }>;
  testAccuracy: number;
  options: Required<Omit<ClassifierTrainingOptions, 'onEpoch'>>;
}

/** Trains the classifier with softmax cross-entropy and Adam, the learning rate falling linearly to 0. */
export async function trainClassifier(data: LabelledSplits, options: ClassifierTrainingOptions = {}): Promise<TrainedClassifier> {
  checkOptionKeys(options, ['epochs', 'batchSize', 'lr', 'seed', 'onEpoch'] satisfies (keyof ClassifierTrainingOptions)[], 'trainClassifier(data, options)');
  const o = { epochs: 6, batchSize: 64, lr: 2e-3, seed: 0, ...options };
  const model = new Sequential(CLASSIFIER_SPEC, { seed: o.seed });
  try {
    const adamOptions = { lr: o.lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const adam = new Adam(model, adamOptions);
    const rng = DataRandom.seeded(o.seed);
    const size = 28 * 28, count = data.train.labels.length;
    const batches = Math.floor(count / o.batchSize);
    const x = new Float32Array(o.batchSize * size), labels = new Int32Array(o.batchSize);
    let testAccuracy = 0;
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const order = shuffled(count, rng);
      let loss = 0, correct = 0;
      for (let b = 0; b < batches; b++) {
        for (let i = 0; i < o.batchSize; i++) {
          const s = order[b * o.batchSize + i];
          x.set(data.train.samples.subarray(s * size, (s + 1) * size), i * size);
          labels[i] = data.train.labels[s];
        }
        const r = model.classifierLossAndGrads({ x, labels, batch: o.batchSize });
        loss += r.loss;
        correct += r.correct;
        const progress = ((epoch - 1) * batches + b) / (o.epochs * batches);
        adam.options.lr = adamOptions.lr * (1 - progress);
        adam.step();
        await nextTurn(); // a batch takes ~10 ms: the event loop gets a turn after each
      }
      testAccuracy = await accuracy(model, data.test.samples, data.test.labels);
      o.onEpoch?.({ epoch, loss: loss / batches, trainAccuracy: correct / (batches * o.batchSize), testAccuracy });
    }
    const weights = Object.fromEntries(Object.entries(model.parameters()).map(([k, t]) => [k, { shape: t.shape, data: Float32Array.from(t.data) }]));
    const { onEpoch: _, ...rest } = o;
    return { weights, testAccuracy, options: rest };
  } finally {
    model.dispose();
  }
}

/** Share of samples whose largest logit is their label. */
async function accuracy(model: Sequential, samples: Float32Array, labels: Uint8Array): Promise<number> {
  const size = 28 * 28, chunk = 1000;
  let correct = 0;
  for (let first = 0; first < labels.length; first += chunk) {
    const count = Math.min(chunk, labels.length - first);
    const logits = await model.predictAsync(samples.subarray(first * size, (first + count) * size), count);
    for (let i = 0; i < count; i++) {
      const row = logits.subarray(i * CLASSES, (i + 1) * CLASSES);
      if (row.indexOf(Math.max(...row)) === labels[first + i]) correct++;
    }
  }
  return correct / labels.length;
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
function shuffled(n: number, rng: DataRandom): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Writes the trained weights with what made them (data set, accuracy, options, version) as metadata. */
export async function writeClassifier(file: string, dataset: ClassifierDataset, trained: TrainedClassifier): Promise<void> {
  await writeFileAtomic(
    file,
    await encodeSafetensors(trained.weights, {
      dataset,
      testAccuracy: String(trained.testAccuracy),
      training: JSON.stringify(trained.options),
      spec: JSON.stringify(CLASSIFIER_SPEC),
      version: VERSION,
    }),
  );
}
