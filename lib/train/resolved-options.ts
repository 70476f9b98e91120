/**
 * The configuration of a run with every value decided: what train() runs with, what config.json records
 * and what a checkpoint carries. A module of its own so that checkpoints need not import option parsing
 * (which reads checkpoints to resume).
 */
import type { DatasetName } from '../datasets/index.js';
import type { ModelSpec } from '../layers.js';
import type { Hyperparameters } from '../presets/preset.js';

/** Options with every value decided. */
export interface ResolvedOptions extends Hyperparameters {
  preset: string | null;
  generator: ModelSpec;
  critic: ModelSpec;
  dataset: DatasetName;
  dataDir: string | null;
  iterations: number;
  zDim: number;
  device: 'cpu' | 'cuda';
  cudaGraph: boolean;
  threads: number | null;
  seed: number;
  outDir: string | null;
  sampleEvery: number;
  checkpointEvery: number;
  evalEvery: number;
  keepCheckpoints: number;
  resumeFrom: string | null;
  onNonFinite: 'stop' | 'skip';
}
