/** A preset: the architecture and hyper-parameters of one reference experiment, as plain data. */
import type { DatasetName } from '../datasets/index.js';
import type { ModelSpec } from '../layers.js';

export interface Preset {
  name: string;
  description: string;
  dataset: DatasetName;
  zDim: number;
  generator: ModelSpec;
  critic: ModelSpec;
  batchSize: number;
  criticIters: number;
  lambda: number;
  lr: number;
  beta1: number;
  beta2: number;
  /** iterations of a default run: enough for a recognisable result on 2 CPU cores */
  iterations: number;
  sampleEvery: number;
  checkpointEvery: number;
}
