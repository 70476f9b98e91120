/** evaluate(): sample-quality metrics of a checkpoint (or a run folder's newest checkpoint). */
import { existsSync, statSync } from 'node:fs';
import { openDataset } from '../datasets/index.js';
import { CheckpointError } from '../errors.js';
import { checkOptionKeys } from '../option-keys.js';
import { loadCheckpointModels } from '../sample.js';
import { RunFolder } from '../train/run-folder.js';
import { defaultSampleCount, qualityMeter, type QualityMetrics } from './quality.js';

export interface Evaluation {
  checkpoint: string;
  dataset: string;
  iteration: number;
  metrics: QualityMetrics;
}

/** The newest checkpoint of a run folder, or the path itself when it is a file. */
export function resolveCheckpoint(path: string): string {
  if (!existsSync(path)) throw new CheckpointError(`${path} does not exist (expected a checkpoint file or a run folder)`);
  if (!statSync(path).isDirectory()) return path;
  const newest = RunFolder.newestCheckpoint(path);
  if (!newest) throw new CheckpointError(`the run folder ${path} has no checkpoints/iter-*.safetensors`);
  return newest;
}

/** Metrics of n generated samples (noise from `seed`): toy sets, MNIST and Fashion-MNIST, other images (SWD). */
export async function evaluate(path: string, options: { n?: number; seed?: number; ema?: boolean } = {}): Promise<Evaluation> {
  checkOptionKeys(options, ['n', 'seed', 'ema'], 'evaluate(path, options)');
  const checkpoint = resolveCheckpoint(path);
  const models = loadCheckpointModels(checkpoint, { ema: options.ema });
  try {
    const { dataset } = models.checkpoint.config;
    const data = await openDataset(models.checkpoint.config);
    const meter = await qualityMeter(data).catch(async (error: unknown) => {
      await data.close?.();
      throw error;
    });
    try {
      const metrics = await meter.measure(models.generator, options.n ?? defaultSampleCount(dataset), options.seed ?? 0);
      return { checkpoint, dataset, iteration: models.checkpoint.iteration, metrics };
    } finally {
      meter.dispose();
      await data.close?.();
    }
  } finally {
    models.dispose();
  }
}
