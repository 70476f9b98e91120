/** gan_toy.py: ReLU MLPs of width 512 (3 hidden layers), batch 256, λ = 0.1, z of dimension 2; and a
 *  faster variant that reaches the same sample quality on 2 CPU cores in about a minute. */
import type { ToyName } from '../datasets/toy.js';
import type { ModelSpec } from '../layers.js';
import { PAPER_OPTIMIZER, type Preset } from './preset.js';

function mlp(inputs: number, outputs: number, width: number): ModelSpec {
  return {
    inputShape: [inputs],
    layers: [
      { type: 'dense', units: width },
      { type: 'relu' },
      { type: 'dense', units: width },
      { type: 'relu' },
      { type: 'dense', units: width },
      { type: 'relu' },
      { type: 'dense', units: outputs },
    ],
  };
}

/** The reference experiment (its 100,000 iterations shortened to a 1,000-iteration default run). */
export function toyPreset(dataset: ToyName): Preset {
  return {
    name: dataset,
    description: `gan_toy.py on ${dataset.slice(4)} (MLP 512x3, batch 256, lambda 0.1, Adam 1e-4)`,
    dataset,
    zDim: 2,
    generator: mlp(2, 2, 512),
    critic: mlp(2, 1, 512),
    batchSize: 256,
    lambda: 0.1,
    ...PAPER_OPTIMIZER,
    iterations: 1000,
    sampleEvery: 250,
    checkpointEvery: 500,
    evalEvery: 250,
  };
}

/** Faster variant: width 128, Adam 1e-3 falling linearly to 0 over 5,000 iterations (the fall settles
 *  the samples onto the modes; a constant 1e-3 keeps them jumping between 3 and 8 modes). */
export function toyFastPreset(dataset: ToyName): Preset {
  return {
    ...toyPreset(dataset),
    name: `${dataset}-fast`,
    description: `faster variant of ${dataset}: MLP 128x3, Adam 1e-3 with linear decay, 5000 iterations`,
    generator: mlp(2, 2, 128),
    critic: mlp(2, 1, 128),
    lr: 1e-3,
    lrDecay: 'linear',
    iterations: 5000,
    sampleEvery: 500,
    checkpointEvery: 1000,
  };
}
