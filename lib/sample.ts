/**
 * Sampling from a checkpoint: rebuild the generator (and critic) from the config the checkpoint carries,
 * load their weights, and draw samples for seeded noise. BatchNorm runs in evaluation mode.
 */
import { z } from 'zod';
import { CheckpointError, InvalidArgumentError } from './errors.js';
import { DataRandom } from './random.js';
import { Sequential } from './sequential.js';
import { EMA_TENSORS, readCheckpoint, restoreModel, type Checkpoint } from './train/checkpoint.js';
import { describeIssues } from './zod-issues.js';
import { checkOptionKeys } from './option-keys.js';
import { interpolation, latentForSeed, latentsForSeeds } from './web/latent.js';

/** The checkpoint tensors a generator is read from, by name prefix: 'generator' holds its trained
 *  weights, 'generator_ema' (EMA_TENSORS) their moving average where the run kept one. */
export const GENERATOR_TENSORS = 'generator';

/** Which tensors sampling, evaluation and export read by default: the EMA where the checkpoint has one
 *  (unless ema is false), else the trained weights. One home for that choice. */
export function generatorTensorsOf(checkpoint: Checkpoint, ema = true): string {
  const hasEma = Object.keys(checkpoint.tensors).some((name) => name.startsWith(`${EMA_TENSORS}.`));
  return ema && hasEma ? EMA_TENSORS : GENERATOR_TENSORS;
}

export interface CheckpointModels {
  checkpoint: Checkpoint;
  generator: Sequential;
  critic: Sequential;
  dispose(): void;
}

export interface LoadOptions {
  /** which checkpoint tensors the generator's weights come from (default: generatorTensorsOf) */
  generatorTensors?: string;
  /** false: the trained weights even where the checkpoint has an EMA (default true) */
  ema?: boolean;
}

/** Both models of a checkpoint, with their trained weights. Dispose them when done. */
export function loadCheckpointModels(file: string, options: LoadOptions = {}): CheckpointModels {
  const checkpoint = readCheckpoint(file);
  const prefix = options.generatorTensors ?? generatorTensorsOf(checkpoint, options.ema);
  if (!Object.keys(checkpoint.tensors).some((name) => name.startsWith(`${prefix}.`)))
    throw new CheckpointError(`${file} has no '${prefix}.*' tensors to load a generator from`);
  const generator = new Sequential(checkpoint.config.generator);
  const critic = new Sequential(checkpoint.config.critic);
  try {
    restoreModel(checkpoint, prefix, generator, file);
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

/** The generator's samples for latent points laid one after another in z, computed off the main thread;
 *  a conditional generator takes the class of each (checkedLabels). */
export async function samplesFor(generator: Sequential, z: Float32Array, labels?: Int32Array): Promise<Float32Array> {
  const inSize = generator.inputSize, outSize = generator.outputSize, n = z.length / inSize;
  // In chunks, so the activations of thousands of images are never held at once.
  const chunk = 500, out = new Float32Array(n * outSize);
  for (let first = 0; first < n; first += chunk) {
    const count = Math.min(chunk, n - first);
    const rows = z.subarray(first * inSize, (first + count) * inSize);
    out.set(await generator.predictAsync(rows, count, labels ? { labels: labels.subarray(first, first + count) } : {}), first * outSize);
  }
  return out;
}

/** The labels of n samples for a generator: one class in [0, classes) each for a conditional generator (which
 *  needs them), none for an unconditional one (which takes none); InvalidArgumentError naming what is wrong. */
export function checkedLabels(generator: Sequential, n: number, labels: ArrayLike<number> | undefined): Int32Array | undefined {
  const classes = generator.labelClasses;
  if (!classes) {
    if (labels !== undefined) throw new InvalidArgumentError('labels: this generator is unconditional (it reads no labels); give none');
    return undefined;
  }
  if (labels === undefined)
    throw new InvalidArgumentError(`labels: this generator is conditional (${classes} classes); give one class per sample (e.g. classGridLabels)`);
  if (typeof labels !== 'object' || labels === null || labels.length !== n)
    throw new InvalidArgumentError(`labels: expected ${n} classes (one per sample), got ${labels?.length ?? typeof labels}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= classes)
      throw new InvalidArgumentError(`labels[${i}] is ${labels[i]}; expected a class in [0, ${classes - 1}]`);
    out[i] = labels[i];
  }
  return out;
}

/** The labels of a grid with one row per class: `perClass` samples of class 0, then of class 1, ... */
export const classGridLabels = (classes: number, perClass: number) => Int32Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));

/** A conditional generator's samples of a class grid (classGrid) for noise from `seed`: classes × perClass. */
export function sampleClassGrid(generator: Sequential, perClass: number, seed = 0): Promise<Float32Array> {
  const { z, labels } = classGrid(generator.inputSize, generator.labelClasses, perClass, DataRandom.seeded(seed));
  return samplesFor(generator, z, checkedLabels(generator, labels.length, labels));
}

/** A grid with one row per class, the reference's fixed-label grid: column j is one latent point (normals
 *  from rng) in every row, so the rows differ by their class only. */
export function classGrid(zDim: number, classes: number, perClass: number, rng: DataRandom): { z: Float32Array; labels: Int32Array } {
  const row = Float32Array.from({ length: perClass * zDim }, () => rng.normal());
  const z = new Float32Array(classes * row.length);
  for (let c = 0; c < classes; c++) z.set(row, c * row.length);
  return { z, labels: classGridLabels(classes, perClass) };
}

/** Labels spread evenly over the classes (sample i gets class i mod classes): what quality metrics ask a
 *  conditional generator for. */
export const balancedLabels = (classes: number, n: number) => Int32Array.from({ length: n }, (_, i) => i % classes);

/** n samples of the generator for standard-normal noise drawn from `seed`; a conditional generator needs
 *  `labels`, the class of each sample. */
export async function generateSamples(generator: Sequential, n: number, seed = 0, options: { labels?: ArrayLike<number> } = {}): Promise<Float32Array> {
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new InvalidArgumentError(`n must be an integer in [1, 1000000], got ${n}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`seed must be a non-negative integer, got ${seed}`);
  checkOptionKeys(options, ['labels'], 'generateSamples(generator, n, seed, options)');
  const labels = checkedLabels(generator, n, options.labels);
  const rng = DataRandom.seeded(seed);
  return samplesFor(generator, Float32Array.from({ length: n * generator.inputSize }, () => rng.normal()), labels);
}

/** One sample per seed, each from its own latent point (the web sampler's seeds: lib/web/latent.ts); a
 *  conditional generator takes the class of each. */
export function sampleSeeds(generator: Sequential, seeds: readonly number[], labels?: ArrayLike<number>): Promise<Float32Array> {
  return samplesFor(generator, latentsForSeeds(seeds, generator.inputSize), checkedLabels(generator, seeds.length, labels));
}

/** `steps` samples along the latent arc from seed `from` to seed `to`, both ends included. */
export function interpolateSeeds(generator: Sequential, from: number, to: number, steps: number, labels?: ArrayLike<number>): Promise<Float32Array> {
  const zDim = generator.inputSize;
  return samplesFor(generator, interpolation(latentForSeed(from, zDim), latentForSeed(to, zDim), steps), checkedLabels(generator, steps, labels));
}

const seedSchema = z.number().int().min(0).max(2 ** 32 - 1);
const sampleOptionsSchema = z
  .object({
    n: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().min(0).optional(),
    seeds: z.array(seedSchema).min(1).max(100_000).optional(),
    interpolate: z.tuple([seedSchema, seedSchema]).optional(),
    steps: z.number().int().min(2).max(10_000).optional(),
    generatorTensors: z.string().min(1).optional(),
    ema: z.boolean().optional(),
    labels: z.array(z.number()).or(z.instanceof(Int32Array)).optional(),
  })
  .strict()
  .refine((o) => [o.n, o.seeds, o.interpolate].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of n (with seed), seeds, or interpolate (with steps)',
  })
  .refine((o) => o.seed === undefined || o.n !== undefined, { message: 'seed goes with n (seeds names each sample itself)' })
  .refine((o) => o.steps === undefined || o.interpolate !== undefined, { message: 'steps goes with interpolate' });

export type SampleOptions = z.input<typeof sampleOptionsSchema>;

/** Samples from the generator of a checkpoint file: n for noise from `seed`, one per seed of `seeds`, or
 *  `steps` (default 8) along the arc between the two seeds of `interpolate`; a conditional generator takes
 *  `labels`, the class of each sample. */
export async function sampleCheckpoint(file: string, options: SampleOptions): Promise<Samples> {
  if (options === undefined) throw new InvalidArgumentError('sampleCheckpoint(file, options): options must be { n, seed? }, { seeds } or { interpolate, steps? }');
  checkOptionKeys(options, ['n', 'seed', 'seeds', 'interpolate', 'steps', 'generatorTensors', 'ema', 'labels'], 'sampleCheckpoint(file, options)');
  const parsed = sampleOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidArgumentError(`invalid sample options: ${describeIssues(parsed.error)}`);
  const o = parsed.data;
  const models = loadCheckpointModels(file, o);
  try {
    const { generator } = models;
    const data = o.seeds
      ? await sampleSeeds(generator, o.seeds, o.labels)
      : o.interpolate
        ? await interpolateSeeds(generator, ...o.interpolate, o.steps ?? 8, o.labels)
        : await generateSamples(generator, o.n!, o.seed ?? 0, { labels: o.labels });
    return { shape: [data.length / generator.outputSize, ...generator.outputShape], data, iteration: models.checkpoint.iteration };
  } finally {
    models.dispose();
  }
}
