/**
 * The configuration of a run with every value decided: what train() runs with, what config.json records
 * and what a checkpoint carries. A module of its own so that checkpoints need not import option parsing
 * (which reads checkpoints to resume).
 */
import type { ClassInfo, DatasetName } from '../datasets/index.js';
import type { Fit } from '../datasets/image-spec.js';
import type { ModelSpec } from '../layers.js';
import type { Hyperparameters, TrainingExtras } from '../presets/preset.js';

/** Options with every value decided. */
export interface ResolvedOptions extends Hyperparameters, Required<TrainingExtras> {
  emaRampUp: number;
  preset: string | null;
  generator: ModelSpec;
  critic: ModelSpec;
  /** 'arrays': data passed from code (not stored; passed again to resume) */
  dataset: DatasetName | 'arrays';
  /** the value range of an arrays run's samples (null for named data sets, whose range is known) */
  dataRange: [number, number] | null;
  dataDir: string | null;
  /** [height, width] of image data, null for other data */
  imageSize: [number, number] | null;
  channels: 1 | 3 | null;
  fit: Fit;
  mirror: boolean;
  strictData: boolean;
  memoryBudgetMB: number;
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
  /** the engine of a data-parallel run (one rank of several), null for a run of its own */
  distributed: 'mpi' | 'nccl' | null;
  /** seconds a rank waits for the others before failing, naming the rank that does not answer */
  faultTimeout: number;
  /** whether a data-parallel run pools its generator's BatchNorm statistics over the ranks (SyncBatchNorm) */
  syncBatchNorm: boolean;
  /** the classes of the data's labels, { count, names }: set once the data is open (a resumed run's
   *  checkpoint has them before); null for data without labels */
  classes: ClassInfo | null;
}
