/** evaluate(): sample-quality metrics of a checkpoint (or a run folder's newest checkpoint). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ToyName } from '../datasets/toy.js';
import { CheckpointError, UnsupportedError } from '../errors.js';
import { generateSamples, loadCheckpointModels } from '../sample.js';
import { toyMetrics, type ToyMetrics } from './toy.js';

export interface Evaluation {
  checkpoint: string;
  dataset: string;
  iteration: number;
  metrics: ToyMetrics;
}

/** The newest checkpoint of a run folder, or the path itself when it is a file. */
export function resolveCheckpoint(path: string): string {
  if (!existsSync(path)) throw new CheckpointError(`${path} does not exist (expected a checkpoint file or a run folder)`);
  if (!statSync(path).isDirectory()) return path;
  const dir = join(path, 'checkpoints');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^iter-\d+\.safetensors$/.test(f)).sort() : [];
  if (!files.length) throw new CheckpointError(`the run folder ${path} has no checkpoints/iter-*.safetensors`);
  return join(dir, files.at(-1)!);
}

export const isToy = (dataset: string): dataset is ToyName => dataset.startsWith('toy-');

/** Metrics of n generated samples (noise from `seed`). Toy data sets only in this version. */
export function evaluate(path: string, options: { n?: number; seed?: number } = {}): Evaluation {
  const checkpoint = resolveCheckpoint(path);
  const models = loadCheckpointModels(checkpoint);
  try {
    const { dataset } = models.checkpoint.config;
    if (!isToy(dataset)) throw new UnsupportedError(`evaluate: metrics for '${dataset}' are not available yet (toy data sets only)`);
    const samples = generateSamples(models.generator, options.n ?? 2500, options.seed ?? 0);
    return { checkpoint, dataset, iteration: models.checkpoint.iteration, metrics: toyMetrics(dataset, samples) };
  } finally {
    models.dispose();
  }
}
