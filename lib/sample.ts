/**
 * Sampling from a checkpoint: rebuild the generator (and critic) from the config the checkpoint carries,
 * load their weights, and draw samples for seeded noise. BatchNorm runs in evaluation mode.
 */
import { InvalidArgumentError } from './errors.js';
import { checkOptionKeys } from './option-keys.js';
import { DataRandom } from './random.js';
import { Sequential } from './sequential.js';
import { readCheckpoint, restoreModel, type Checkpoint } from './train/checkpoint.js';

export interface CheckpointModels {
  checkpoint: Checkpoint;
  generator: Sequential;
  critic: Sequential;
  dispose(): void;
}

/** Both models of a checkpoint, with their trained weights. Dispose them when done. */
export function loadCheckpointModels(file: string): CheckpointModels {
  const checkpoint = readCheckpoint(file);
  const generator = new Sequential(checkpoint.config.generator);
  const critic = new Sequential(checkpoint.config.critic);
  try {
    restoreModel(checkpoint, 'generator', generator, file);
    restoreModel(checkpoint, 'critic', critic, file);
  } catch (error) {
    generator.dispose();
    critic.dispose();
    throw error;
  }
  return { checkpoint, generator, critic, dispose: () => (generator.dispose(), critic.dispose()) };
}

export interface Samples {
  /** [n, ...sample shape] */
  shape: number[];
  data: Float32Array;
  iteration: number;
}

/** n samples of the generator for standard-normal noise drawn from `seed`, computed off the main thread. */
export async function generateSamples(generator: Sequential, n: number, seed = 0): Promise<Float32Array> {
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new InvalidArgumentError(`n must be an integer in [1, 1000000], got ${n}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`seed must be a non-negative integer, got ${seed}`);
  const rng = DataRandom.seeded(seed);
  const z = Float32Array.from({ length: n * generator.inputSize }, () => rng.normal());
  // In chunks, so the activations of thousands of images are never held at once.
  const chunk = 500, inSize = generator.inputSize, outSize = generator.outputShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * outSize);
  for (let first = 0; first < n; first += chunk) {
    const count = Math.min(chunk, n - first);
    out.set(await generator.predictAsync(z.subarray(first * inSize, (first + count) * inSize), count), first * outSize);
  }
  return out;
}

/** Samples from the generator of a checkpoint file. */
export async function sampleCheckpoint(file: string, options: { n: number; seed?: number }): Promise<Samples> {
  if (options === undefined) throw new InvalidArgumentError('sampleCheckpoint(file, options): options must be { n, seed? }');
  checkOptionKeys(options, ['n', 'seed'], 'sampleCheckpoint(file, options)');
  const models = loadCheckpointModels(file);
  try {
    const data = await generateSamples(models.generator, options.n, options.seed ?? 0);
    return { shape: [options.n, ...models.generator.outputShape], data, iteration: models.checkpoint.iteration };
  } finally {
    models.dispose();
  }
}
