/** gan_toy.py: ReLU MLPs of width 512 (3 hidden layers), batch 256, λ = 0.1, z of dimension 2. */
import type { ToyName } from '../datasets/toy.js';
import type { ModelSpec } from '../layers.js';
import { PAPER_OPTIMIZER, type Preset } from './preset.js';

const DIM = 512;

function mlp(inputs: number, outputs: number): ModelSpec {
  return {
    inputShape: [inputs],
    layers: [
      { type: 'dense', units: DIM },
      { type: 'relu' },
      { type: 'dense', units: DIM },
      { type: 'relu' },
      { type: 'dense', units: DIM },
      { type: 'relu' },
      { type: 'dense', units: outputs },
    ],
  };
}

export function toyPreset(dataset: ToyName, description: string): Preset {
  return {
    name: dataset,
    description,
    dataset,
    zDim: 2,
    generator: mlp(2, 2),
    critic: mlp(2, 1),
    batchSize: 256,
    lambda: 0.1,
    ...PAPER_OPTIMIZER,
    iterations: 1000,
    sampleEvery: 250,
    checkpointEvery: 500,
    evalEvery: 250,
  };
}
