/** The options of train(), validated with zod before any work starts, and resolved against a preset. */
import { z } from 'zod';
import { describeIssues } from '../zod-issues.js';
import { DATASET_NAMES, IMAGE_DEFAULTS, imageClassNames, isImageData, type DatasetName } from '../datasets/index.js';
import { FITS, imageSize, type Fit } from '../datasets/image-spec.js';
import { isPackedFile, readPackedHeader } from '../datasets/packed.js';
import { isUserDataset, validateUserDataset, type UserDataset } from '../datasets/user.js';
import { hasQualityMetrics } from '../eval/quality.js';
import { DatasetError, InvalidArgumentError, UnsupportedError } from '../errors.js';
import type { ModelSpec } from '../layers.js';
import { PRESET_NAMES, PRESETS } from '../presets/index.js';
import type { Preset } from '../presets/preset.js';
import { nativeFacts } from '../facts.js';
import { runtimeInfo } from '../runtime.js';
import { launchedWithRanks } from '../distributed/launcher.js';
import { DEFAULT_FAULT_TIMEOUT } from '../distributed/session.js';
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
  /** a data set name, or your own arrays: { shape, train, test?, labels?, range? } (checked in resolveOptions) */
  dataset: z.union([z.enum(DATASET_NAMES), z.custom<UserDataset>(isUserDataset, 'expected a data set name or { shape, train, ... }')]).optional(),
  /** an image folder or a packed .wgands file ('images', 'packed'), or a folder of MNIST-format IDX files */
  dataDir: z.string().min(1).optional(),
  /** image data: the size images are fitted to, a number or [height, width] */
  imageSize: z.union([positiveInt.max(4096), z.tuple([positiveInt.max(4096), positiveInt.max(4096)])]).optional(),
  /** image data: 1 (grayscale) or 3 (RGB) */
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  /** image data: 'cover' (centre crop, default), 'contain' (pad with black), 'fill' (stretch) */
  fit: z.enum(FITS).optional(),
  /** image data: flip each drawn image left-right with probability 1/2 */
  mirror: z.boolean().optional(),
  /** image data: an unreadable file is an error instead of being skipped */
  strictData: z.boolean().optional(),
  /** a packed file up to this size (MB) is loaded into memory, a larger one is read batch by batch; an image folder must fit it */
  memoryBudgetMB: z.number().finite().positive().optional(),
  iterations: positiveInt.optional(),
  /** at most the native core's batch limit (runtimeInfo().facts.maxBatch, checked when parsed) */
  batchSize: positiveInt.refine((n) => n <= nativeFacts().maxBatch, { error: () => `must be at most ${nativeFacts().maxBatch} (the native batch limit)` }).optional(),
  criticIters: positiveInt.max(1000).optional(),
  lambda: z.number().finite().nonnegative().optional(),
  /** a conditional run (a generator that reads labels, a critic with a classifier head): the weight of the
   *  critic's cross-entropy on real samples (default 1) and of the generator's on its samples (default 0.1) */
  acganScale: z.number().finite().nonnegative().max(1e6).optional(),
  acganScaleG: z.number().finite().nonnegative().max(1e6).optional(),
  lr: z.number().finite().positive().max(10).optional(),
  beta1: z.number().finite().min(0).lt(1).optional(),
  beta2: z.number().finite().min(0).lt(1).optional(),
  /** 'linear': the learning rate falls linearly from lr to 0 over the iterations (gan_cifar.py) */
  lrDecay: z.enum(['none', 'linear']).optional(),
  /** samples of each generator step (default: batchSize; gan_cifar_resnet.py: 2 × batchSize) */
  generatorBatchSize: positiveInt.max(65536).optional(),
  /** add U(0, range/256) noise to real images (one quantisation step), as gan_cifar_resnet.py does */
  dequantize: z.boolean().optional(),
  /** keep an EMA of the generator with this half-life in generator images (StyleGAN's ema_kimg × 1000); false: none */
  ema: z.union([z.literal(false), z.number().finite().positive()]).optional(),
  /** the EMA's ramp-up: its half-life is at most emaRampUp × the images seen so far (StyleGAN's 0.05); 0: none */
  emaRampUp: z.number().finite().nonnegative().optional(),
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
  /** train as one rank of an mpirun/srun job (README "Scaling out"): 'auto' (MPI on CPU ranks, NCCL on GPU
   *  ranks), 'mpi' or 'nccl'; false: a run of its own. Default: 'auto' where a launcher started several ranks */
  distributed: z.union([z.literal(false), z.enum(['auto', 'mpi', 'nccl'])]).optional(),
  /** seconds a rank waits for the others before the run fails naming the rank that does not answer (default 45) */
  faultTimeout: z.number().finite().min(1).max(86400).optional(),
  /** a data-parallel run's generator BatchNorm layers normalise with the statistics of the global batch, pooled
   *  over the ranks at every training forward (SyncBatchNorm); default false: each rank's own rows (as DDP) */
  syncBatchNorm: z.boolean().optional(),
});

export type TrainOptions = z.input<typeof trainOptionsSchema>;

/** 'auto' is the GPU where the CUDA backend can run, else the CPU; 'cuda' where it cannot is an error. */
function resolveDevice(device: 'cpu' | 'auto' | 'cuda'): 'cpu' | 'cuda' {
  if (device === 'cpu') return 'cpu';
  const cuda = runtimeInfo().cuda;
  if (cuda.available) return 'cuda';
  if (device === 'cuda') throw new UnsupportedError(`device 'cuda' is not available: ${cuda.reason} (use 'cpu' or 'auto')`);
  return 'cpu';
}

/** The engine of a distributed run: 'auto' is NCCL between GPU ranks and MPI between CPU ranks. */
function resolveEngine(distributed: Parsed['distributed'], device: 'cpu' | 'cuda'): 'mpi' | 'nccl' | null {
  const engine = distributed ?? (launchedWithRanks() ? 'auto' : false);
  if (engine === false) return null;
  if (engine === 'auto') return device === 'cuda' ? 'nccl' : 'mpi';
  if (engine === 'nccl' && device !== 'cuda') throw new UnsupportedError(`distributed 'nccl' all-reduces GPU memory: it needs device 'cuda' (CPU ranks use 'mpi')`);
  if (engine === 'mpi' && device === 'cuda') throw new UnsupportedError(`distributed 'mpi' all-reduces host memory: GPU ranks use 'nccl' (or 'auto')`);
  return engine;
}

/** Validates and resolves; throws InvalidArgumentError naming each bad option. */
export function resolveOptions(input: unknown): ResolvedOptions & { signal?: AbortSignal; arrays?: UserDataset & { range: [number, number] } } {
  const parsed = trainOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) throw new InvalidArgumentError(`invalid train options: ${describeIssues(parsed.error)}`);
  const o = parsed.data;
  // Resuming without a preset or models continues the checkpoint's own run: its config gives the defaults.
  const previous = !o.preset && !o.generator && !o.critic && o.resumeFrom ? readCheckpoint(o.resumeFrom).config : undefined;
  const base: Partial<ResolvedOptions> | undefined = previous ?? (o.preset ? PRESETS[o.preset] : undefined);
  if (!base && (!o.generator || !o.critic || !o.dataset))
    throw new InvalidArgumentError('train options: give a preset, or all of generator, critic and dataset (or resumeFrom a checkpoint)');
  const device = resolveDevice(o.device ?? 'cpu');
  const arrays = isUserDataset(o.dataset) ? validateUserDataset(o.dataset) : undefined;
  const dataset = arrays ? 'arrays' : (o.dataset as DatasetName | undefined) ?? base!.dataset!;
  const dataDir = o.dataDir ?? previous?.dataDir ?? null;
  const image = resolveImage(o, dataset, dataDir, previous, o.preset ? PRESETS[o.preset] : undefined);
  // An image preset builds its models for the size and channels (a resumed run keeps the checkpoint's).
  const imagePreset = !previous && o.preset ? PRESETS[o.preset].image : undefined;
  const classes = imagePreset?.conditional ? presetClasses(o.preset!, dataset, dataDir) : 0;
  const models = image && imagePreset ? imagePreset.architecture(image.size[0], image.size[1], image.channels, classes) : undefined;
  const zDim = o.zDim ?? o.generator?.inputShape[0] ?? base!.zDim!;
  let generator = (o.generator ?? models?.generator ?? base!.generator) as ModelSpec;
  if (generator.inputShape.length !== 1)
    throw new InvalidArgumentError(`generator.inputShape must be [zDim], got [${generator.inputShape.join(', ')}]`);
  if (generator.inputShape[0] !== zDim) generator = { ...generator, inputShape: [zDim] };
  const resolved: ResolvedOptions = {
    preset: o.preset ?? previous?.preset ?? null,
    generator,
    critic: (o.critic ?? models?.critic ?? base!.critic) as ModelSpec,
    dataset,
    dataDir,
    imageSize: image?.size ?? null,
    channels: image?.channels ?? null,
    fit: o.fit ?? previous?.fit ?? IMAGE_DEFAULTS.fit,
    mirror: o.mirror ?? previous?.mirror ?? IMAGE_DEFAULTS.mirror,
    strictData: o.strictData ?? previous?.strictData ?? IMAGE_DEFAULTS.strictData,
    memoryBudgetMB: o.memoryBudgetMB ?? previous?.memoryBudgetMB ?? IMAGE_DEFAULTS.memoryBudgetMB,
    iterations: o.iterations ?? base?.iterations ?? 1000,
    batchSize: o.batchSize ?? base?.batchSize ?? 64,
    criticIters: o.criticIters ?? base?.criticIters ?? 5,
    lambda: o.lambda ?? base?.lambda ?? nativeFacts().lambda,
    acganScale: o.acganScale ?? base?.acganScale ?? nativeFacts().acganScale,
    acganScaleG: o.acganScaleG ?? base?.acganScaleG ?? nativeFacts().acganScaleG,
    lr: o.lr ?? base?.lr ?? nativeFacts().adam.lr,
    beta1: o.beta1 ?? base?.beta1 ?? nativeFacts().adam.beta1,
    beta2: o.beta2 ?? base?.beta2 ?? nativeFacts().adam.beta2,
    lrDecay: o.lrDecay ?? base?.lrDecay ?? 'none',
    generatorBatchSize: o.generatorBatchSize ?? base?.generatorBatchSize ?? o.batchSize ?? base?.batchSize ?? 64,
    dequantize: o.dequantize ?? base?.dequantize ?? false,
    ema: o.ema ?? base?.ema ?? false,
    emaRampUp: o.emaRampUp ?? previous?.emaRampUp ?? 0.05,
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
    dataRange: arrays ? arrays.range : (previous?.dataRange ?? null),
    onNonFinite: o.onNonFinite ?? previous?.onNonFinite ?? 'stop',
    // How this run is launched, never the checkpoint's: a run resumes with any rank count.
    distributed: resolveEngine(o.distributed, device),
    faultTimeout: o.faultTimeout ?? DEFAULT_FAULT_TIMEOUT,
    syncBatchNorm: o.syncBatchNorm ?? previous?.syncBatchNorm ?? false,
    classes: null,
  };
  if (resolved.evalEvery && !hasQualityMetrics(resolved.dataset, resolved.critic.inputShape))
    throw new UnsupportedError(
      `evalEvery: sample-quality metrics are available for the toy sets, MNIST, Fashion-MNIST and images of at least 16x16, not '${resolved.dataset}' of shape [${resolved.critic.inputShape}]`,
    );
  return { ...resolved, signal: o.signal, arrays };
}

/** The classes a conditional image preset builds its models for: the data's class folders (at least 2). */
function presetClasses(preset: string, dataset: string, dataDir: string | null): number {
  if (!isImageData(dataset) || !dataDir)
    throw new DatasetError(`${preset} trains on images in class subfolders: give dataDir (--data-dir), a folder with one subfolder per class or a packed file of one`);
  const names = imageClassNames(dataset, dataDir);
  if (names.length < 2)
    throw new DatasetError(`${preset} needs at least 2 classes (first-level subfolders of images), ${dataDir} has ${names.length ? `only '${names[0]}'` : 'none'}`);
  return names.length;
}

type Parsed = z.output<typeof trainOptionsSchema>;

/** The size and channels of image data: the options', else a packed file's own, else the critic's
 *  input, else the preset's default. Image options on other data are an error. */
function resolveImage(o: Parsed, dataset: string, dataDir: string | null, previous: ResolvedOptions | undefined, preset: Preset | undefined) {
  if (!isImageData(dataset)) {
    const given = (['imageSize', 'channels', 'fit', 'mirror', 'strictData'] as const).find((k) => o[k] !== undefined);
    if (given) throw new InvalidArgumentError(`${given}: applies to image folders and packed files (dataset 'images' or 'packed'), not '${dataset}'`);
    return null;
  }
  const packed = dataDir && (dataset === 'packed' || isPackedFile(dataDir)) ? readPackedHeader(dataDir).shape : null;
  const fromCritic = o.critic?.inputShape.length === 3 ? o.critic.inputShape : null;
  const size: [number, number] =
    (o.imageSize !== undefined ? imageSize(o.imageSize) : null) ??
    (packed ? [packed[1], packed[2]] : null) ??
    (fromCritic ? [fromCritic[1], fromCritic[2]] : null) ??
    previous?.imageSize ??
    [preset?.image?.size ?? IMAGE_DEFAULTS.imageSize, preset?.image?.size ?? IMAGE_DEFAULTS.imageSize];
  const channels = (o.channels ?? (packed?.[0] as 1 | 3 | undefined) ?? (fromCritic?.[0] as 1 | 3 | undefined) ?? previous?.channels ?? preset?.image?.channels ?? IMAGE_DEFAULTS.channels) as 1 | 3;
  if (packed && (packed[1] !== size[0] || packed[2] !== size[1] || packed[0] !== channels))
    throw new InvalidArgumentError(
      `imageSize/channels: the packed file ${dataDir} holds ${packed[1]}x${packed[2]} images with ${packed[0]} channel(s), not ${size[0]}x${size[1]} with ${channels} (pack it again at that size)`,
    );
  return { size, channels };
}
