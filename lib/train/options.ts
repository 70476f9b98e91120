/** The options of train(), validated with zod before any work starts, and resolved against a preset. */
import { z } from 'zod';
import { DATASET_NAMES } from '../datasets/index.js';
import { hasQualityMetrics } from '../eval/quality.js';
import { InvalidArgumentError, UnsupportedError } from '../errors.js';
import type { ModelSpec } from '../layers.js';
import { PRESET_NAMES, PRESETS } from '../presets/index.js';
import { nativeFacts } from '../facts.js';
import { runtimeInfo } from '../runtime.js';
import { readCheckpoint } from './checkpoint.js';
import type { ResolvedOptions } from './resolved-options.js';

export type { ResolvedOptions } from './resolved-options.js';

const modelSpec = z.object({
  inputShape: z.array(z.number().int().positive()).min(1).max(3),
  layers: z.array(z.looseObject({ type: z.string() })),
});

const positiveInt = z.number().int().positive();

export const trainOptionsSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).optional(),
  generator: modelSpec.optional(),
  critic: modelSpec.optional(),
  dataset: z.enum(DATASET_NAMES).optional(),
  /** an image folder ('images') or a folder of MNIST-format IDX files */
  dataDir: z.string().min(1).optional(),
  iterations: positiveInt.optional(),
  /** at most the native core's batch limit (runtimeInfo().facts.maxBatch, checked when parsed) */
  batchSize: positiveInt.refine((n) => n <= nativeFacts().maxBatch, { error: () => `must be at most ${nativeFacts().maxBatch} (the native batch limit)` }).optional(),
  criticIters: positiveInt.max(1000).optional(),
  lambda: z.number().finite().nonnegative().optional(),
  lr: z.number().finite().positive().max(10).optional(),
  beta1: z.number().finite().min(0).lt(1).optional(),
  beta2: z.number().finite().min(0).lt(1).optional(),
  /** 'linear': the learning rate falls linearly from lr to 0 over the iterations (gan_cifar.py) */
  lrDecay: z.enum(['none', 'linear']).optional(),
  zDim: positiveInt.max(65536).optional(),
  /** 'cpu' (default); 'cuda' trains on the GPU (ERR_UNSUPPORTED where it cannot run); 'auto': the GPU where it can */
  device: z.enum(['cpu', 'auto', 'cuda']).optional(),
  /** on the GPU, replay each iteration as a CUDA graph (default true; false for comparison) */
  cudaGraph: z.boolean().optional(),
  threads: positiveInt.max(1024).optional(),
  seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional(),
  outDir: z.string().min(1).optional(),
  sampleEvery: positiveInt.optional(),
  checkpointEvery: positiveInt.optional(),
  /** compute sample-quality metrics (toy sets, MNIST, Fashion-MNIST) every n iterations into metrics.jsonl; 0: never */
  evalEvery: z.number().int().nonnegative().optional(),
  /** how many periodic checkpoints to keep (the newest); older ones are removed once a new one is safe */
  keepCheckpoints: positiveInt.optional(),
  resumeFrom: z.string().min(1).optional(),
  signal: z.instanceof(AbortSignal).optional(),
  /** what a non-finite loss or gradient does: stop the run (default) or skip that update */
  onNonFinite: z.enum(['stop', 'skip']).optional(),
});

export type TrainOptions = z.input<typeof trainOptionsSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'options'}: ${i.message}`)
    .join('; ');
}

/** 'auto' is the GPU where the CUDA backend can run, else the CPU; 'cuda' where it cannot is an error. */
function resolveDevice(device: 'cpu' | 'auto' | 'cuda'): 'cpu' | 'cuda' {
  if (device === 'cpu') return 'cpu';
  const cuda = runtimeInfo().cuda;
  if (cuda.available) return 'cuda';
  if (device === 'cuda') throw new UnsupportedError(`device 'cuda' is not available: ${cuda.reason} (use 'cpu' or 'auto')`);
  return 'cpu';
}

/** Validates and resolves; throws InvalidArgumentError naming each bad option. */
export function resolveOptions(input: unknown): ResolvedOptions & { signal?: AbortSignal } {
  const parsed = trainOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) throw new InvalidArgumentError(`invalid train options: ${describeIssues(parsed.error)}`);
  const o = parsed.data;
  // Resuming without a preset or models continues the checkpoint's own run: its config gives the defaults.
  const previous = !o.preset && !o.generator && !o.critic && o.resumeFrom ? readCheckpoint(o.resumeFrom).config : undefined;
  const base: Partial<ResolvedOptions> | undefined = previous ?? (o.preset ? PRESETS[o.preset] : undefined);
  if (!base && (!o.generator || !o.critic || !o.dataset))
    throw new InvalidArgumentError('train options: give a preset, or all of generator, critic and dataset (or resumeFrom a checkpoint)');
  const device = resolveDevice(o.device ?? 'cpu');
  const zDim = o.zDim ?? o.generator?.inputShape[0] ?? base!.zDim!;
  let generator = (o.generator ?? base!.generator) as ModelSpec;
  if (generator.inputShape.length !== 1)
    throw new InvalidArgumentError(`generator.inputShape must be [zDim], got [${generator.inputShape.join(', ')}]`);
  if (generator.inputShape[0] !== zDim) generator = { ...generator, inputShape: [zDim] };
  const resolved: ResolvedOptions = {
    preset: o.preset ?? previous?.preset ?? null,
    generator,
    critic: (o.critic ?? base!.critic) as ModelSpec,
    dataset: o.dataset ?? base!.dataset!,
    dataDir: o.dataDir ?? previous?.dataDir ?? null,
    iterations: o.iterations ?? base?.iterations ?? 1000,
    batchSize: o.batchSize ?? base?.batchSize ?? 64,
    criticIters: o.criticIters ?? base?.criticIters ?? 5,
    lambda: o.lambda ?? base?.lambda ?? nativeFacts().lambda,
    lr: o.lr ?? base?.lr ?? nativeFacts().adam.lr,
    beta1: o.beta1 ?? base?.beta1 ?? nativeFacts().adam.beta1,
    beta2: o.beta2 ?? base?.beta2 ?? nativeFacts().adam.beta2,
    lrDecay: o.lrDecay ?? base?.lrDecay ?? 'none',
    zDim,
    device,
    cudaGraph: o.cudaGraph ?? true,
    threads: o.threads ?? previous?.threads ?? null,
    seed: o.seed ?? previous?.seed ?? 0,
    outDir: o.outDir ?? previous?.outDir ?? null,
    sampleEvery: o.sampleEvery ?? base?.sampleEvery ?? 100,
    checkpointEvery: o.checkpointEvery ?? base?.checkpointEvery ?? 500,
    evalEvery: o.evalEvery ?? base?.evalEvery ?? 0,
    keepCheckpoints: o.keepCheckpoints ?? previous?.keepCheckpoints ?? 3,
    resumeFrom: o.resumeFrom ?? null,
    onNonFinite: o.onNonFinite ?? previous?.onNonFinite ?? 'stop',
  };
  if (resolved.evalEvery && !hasQualityMetrics(resolved.dataset))
    throw new UnsupportedError(`evalEvery: sample-quality metrics are available for the toy sets, MNIST and Fashion-MNIST, not '${resolved.dataset}'`);
  return { ...resolved, signal: o.signal };
}
