/** Loads the native addon: a local build, else a prebuilt binary from prebuilds/ (node-gyp-build), once its CPU features are checked. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayerSpec, ModelSpec } from './layers.js';
import { NativeBinaryError } from './errors.js';
import { pinGpuToRank } from './distributed/launcher.js';

export interface NativeTensorInfo {
  name: string;
  shape: number[];
  trainable: boolean;
  offset: number;
  size: number;
}

export interface NativeModelDescription {
  inputShape: number[];
  outputShape: number[];
  layers: { type: LayerSpec['type']; inputShape: number[]; outputShape: number[] }[];
  tensors: NativeTensorInfo[];
  paramCount: number;
  stateCount: number;
  mixesSamples: boolean;
  /** floats per row of every activation a forward pass keeps (between and inside the layers): what the critic
   * step's chunk size is planned by (WGAN_GP_CRITIC_CHUNK) */
  activationFloats: number;
  /** the rows the model's buffers are planned for now (grown by the largest call so far) */
  reservedRows: number;
  /** the classes its label-reading layers take (labelEmbedding, conditionalBatchNorm), 0 where it reads none */
  labelClasses: number;
}

export interface NativeAdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface NativeAdamState {
  m: Float32Array;
  v: Float32Array;
  step: number;
}

export interface NativeModel {
  describe(): NativeModelDescription;
  getParams(): Float32Array;
  setParams(params: Float32Array): void;
  getState(): Float32Array;
  setState(state: Float32Array): void;
  getGrads(): Float32Array;
  /** labels: one class per sample, required exactly when the model reads labels */
  predict(x: Float32Array, batch: number, training?: boolean, labels?: Int32Array): Float32Array;
  predictAsync(x: Float32Array, batch: number, labels?: Int32Array): Promise<Float32Array>;
  criticLossAndGrads(
    real: Float32Array,
    fake: Float32Array,
    epsilon: Float32Array,
    lambda: number,
    device?: 'cpu' | 'cuda',
    acgan?: AcganTerm,
  ): {
    loss: number;
    wasserstein: number;
    penalty: number;
    classifierLoss: number;
    classifierAccuracy: number;
    gradNorms: Float32Array;
    grads: Float32Array;
  };
  generatorLossAndGrads(
    z: Float32Array,
    batch: number,
    critic: NativeModel,
    acgan?: AcganTerm,
  ): { loss: number; classifierLoss: number; grads: Float32Array };
  classifierLossAndGrads(x: Float32Array, labels: Int32Array, batch: number): { loss: number; correct: number; grads: Float32Array };
  adamStep(options: NativeAdamOptions, grads?: Float32Array): number;
  getAdamState(): NativeAdamState;
  setAdamState(state: NativeAdamState, options: NativeAdamOptions): void;
  layerOps(
    index: number,
    x: Float32Array,
    gy: Float32Array,
    v: Float32Array,
    n: number,
    device?: 'cpu' | 'cuda',
    /** one class per sample, for a layer that reads labels */
    labels?: Int32Array,
  ): { y: Float32Array; gx: Float32Array; paramGrads: Float32Array; w: Float32Array; c: Float32Array; curvatureGrads: Float32Array };
  /** Test hook: the weight gradients for output gradient gy after a training-mode forward of x, through the fused
   * backward of the generator step and through backwardData + backwardParams. */
  backwardPaths(x: Float32Array, gy: Float32Array, n: number, labels?: Int32Array): { fused: Float32Array; twoPass: Float32Array };
  dispose(): void;
}

/** The ACGAN term of a step with a critic whose output is [score, K class logits]. */
export interface AcganTerm {
  /** one class in [0, K) per sample: the real samples' (critic), the requested ones (generator) */
  labels: Int32Array;
  /** the weight of the cross-entropy in the step's loss (acganScale, acganScaleG) */
  scale: number;
}

export interface IterationStats {
  criticLoss: number;
  wasserstein: number;
  penalty: number;
  gradNormMean: number;
  generatorLoss: number;
  criticStepMs: number;
  generatorStepMs: number;
  /** host time in the gradient all-reduces of a data-parallel iteration on MPI (0 alone and on NCCL) */
  allReduceMs: number;
  finite: boolean;
  /** a conditional pair's ACGAN terms: the last critic step's mean CE on the real samples and the share of them
   *  it classified right, the generator step's mean CE of its samples under their requested labels */
  classifierLoss?: number;
  classifierAccuracy?: number;
  generatorClassifierLoss?: number;
}

export interface NativeTrainer {
  /** labels: the classes of the real samples, for a conditional pair (a generator that reads labels, a critic
   *  with a classifier head) only */
  run(real: Float32Array, iterations: number, labels?: Int32Array): Promise<IterationStats[]>;
  evaluate(
    real: Float32Array,
    seed: number,
    labels?: Int32Array,
  ): Promise<{ criticLoss: number; wasserstein: number; penalty: number; classifierLoss?: number; classifierAccuracy?: number }>;
  getRngState(): { key: bigint; counter: bigint };
  setRngState(state: { key: bigint; counter: bigint }): void;
  setLearningRate(lr: number): void;
  /** the generator's moving average (null without options.ema): flat params and state, images counted */
  getEma(): NativeEma | null;
  setEma(ema: NativeEma): void;
  /** this rank's block of each global batch, the rows run() and evaluate() take ({ 0, batch } alone) */
  shard(): { offset: number; rows: number };
}

export interface NativeEma {
  params: Float32Array;
  state: Float32Array;
  images: number;
}

export interface NativeTrainerOptions {
  batch: number;
  /** samples of the generator step (default: batch) */
  generatorBatch?: number;
  /** keep an EMA of the generator: half-life in generator images, ramp-up factor (0: none) */
  ema?: { halfLifeImages: number; rampUp?: number };
  criticIters: number;
  lambda: number;
  /** weights of a conditional pair's ACGAN terms: the critic's (default 1) and the generator's (default 0.1) */
  acganScale?: number;
  acganScaleG?: number;
  seed: number;
  adamG: NativeAdamOptions;
  adamD: NativeAdamOptions;
  /** 'cuda': train on the models' GPU copies (kept in step with the host models) */
  device?: 'cpu' | 'cuda';
  /** replay each GPU iteration as a CUDA graph (default true) */
  cudaGraph?: boolean;
  /** one rank of the started distributed session (startDistributed): batch and generatorBatch are the
   *  global ones, each rank trains on its shard (trainer.shard()) and the ranks' gradients are summed weighted by their shares of the rows */
  distributed?: boolean;
  /** of a distributed trainer: the generator's BatchNorm statistics pooled over the ranks (SyncBatchNorm) */
  syncBatchNorm?: boolean;
}

/** The MPI and NCCL libraries this machine has (distributedInfo; `wgan-gp info` prints them). */
export interface DistributedInfo {
  mpi: { loaded: boolean; path?: string; abi?: 'Open MPI' | 'MPICH'; version?: string; error?: string; searched: string[] };
  nccl: CudaLibraryStatus;
}

export interface RuntimeInfo {
  blas: string;
  /** Whether this CPU runs the project's AVX-512 GEMM kernel (the Winograd convolutions' products; else OpenBLAS). */
  avx512Gemm: boolean;
  threads: number;
  hardwareThreads: number;
  /** What the binary was compiled for: the architecture as Node names it and the CPU features it needs. */
  target: { arch: string; cpuFeatures: string[] };
  cuda: CudaStatus;
  facts: NativeFacts;
  /** every `code` an error of the addon can carry (lib/errors.ts has a subclass for each) */
  errorCodes: string[];
}

/** Limits and defaults that live in the native core (lib/facts.ts reads them). */
export interface NativeFacts {
  /** the most elements of one tensor or one sample's activation (native/core/layer.h) */
  maxElements: number;
  /** the most samples of one call: a batch, or the rows of a prediction (native/core/layer.h) */
  maxBatch: number;
  /** the penalty weight λ of the paper, train()'s default (native/core/wgan_iteration.h) */
  lambda: number;
  /** the weights of a conditional run's ACGAN terms, train()'s defaults (native/core/wgan_iteration.h) */
  acganScale: number;
  acganScaleG: number;
  /** Adam's WGAN-GP defaults (native/core/adam.h) */
  adam: Required<NativeAdamOptions>;
}

export interface CudaLibraryStatus {
  loaded: boolean;
  path?: string;
  version?: string;
  error?: string;
}

/** What the CUDA backend finds: a build without it says only why; a build with it tells what it found. */
export type CudaStatus = { compiled: false; available: false; reason: string } | CompiledCudaStatus;

export interface CompiledCudaStatus {
  compiled: true;
  available: boolean;
  reason: string;
  driverVersion: number;
  runtimeVersion: number;
  gpus: { name: string; computeCapability: string; memoryMB: number }[];
  cudnn: CudaLibraryStatus;
  cublas: CudaLibraryStatus;
  /** How convolutions run on the GPU: "cuDNN <version>", or "im2col + cuBLAS GEMM (<why not cuDNN>)". */
  convolutions: string;
}

/** A layer kind of the native registry and the spec keys it accepts. */
export interface LayerTypeInfo {
  type: string;
  keys: { name: string; type: string; required: boolean; min?: number; max?: number; default?: number }[];
}

export interface NativeAddon {
  NativeModel: new (spec: ModelSpec, options?: { seed?: number }) => NativeModel;
  NativeTrainer: new (generator: NativeModel, critic: NativeModel, options: NativeTrainerOptions) => NativeTrainer;
  runtimeInfo(): RuntimeInfo;
  layerTypes(): LayerTypeInfo[];
  setThreads(threads: number): void;
  /** ms the CPU backend has spent in each primitive family (gemm, im2col, transpose, …) since the process started */
  primitiveTimes(): Record<string, number>;
  distributedInfo(): DistributedInfo;
  /** alone: no launcher started this process (NCCL then needs no MPI library for its one rank) */
  startDistributed(options: { engine: 'mpi' | 'nccl'; faultTimeout: number; alone?: boolean }): { rank: number; size: number; engine: 'mpi' | 'nccl' };
  gatherDistributed(value: number, what: string): Promise<number[]>;
  abortDistributed(exitCode: number): void;
  finalizeDistributed(): void;
}

/** The package root: dist/ and lib/ both sit one level below it. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The binary that loads, and where it came from. */
export interface NativeBinary {
  path: string;
  /** a prebuild shipped in the package, a local build (npm rebuild, a clone), or the file WGAN_GP_NATIVE names */
  origin: 'prebuilt' | 'built from source' | 'WGAN_GP_NATIVE';
}

const require = createRequire(import.meta.url);
// Shared with the install script, which runs before dist/ exists: so they are CommonJS, in native/build-helpers.
const helpers = join(packageRoot, 'native', 'build-helpers');
const { locateBinary, prebuiltBinaries } = require(join(helpers, 'binary.cjs')) as {
  locateBinary(root: string): NativeBinary;
  prebuiltBinaries(root: string): string[];
};
const { missingCpuFeatures } = require(join(helpers, 'cpu-check.cjs')) as { missingCpuFeatures(binary: string): string[] };

const platform = `${process.platform}-${process.arch}`;
const buildHint =
  'Build one from source with: npm rebuild wgan-gp  (needs python3, make and a C++17 compiler; ' +
  'apt-get install libopenblas-dev for fast GEMM). In a clone of the repository: npm run build';

let binary: NativeBinary | undefined;
let addon: NativeAddon | undefined;

export function nativeBinary(): NativeBinary {
  if (binary) return binary;
  // WGAN_GP_NATIVE names another build of the addon (e.g. the sanitizer build of scripts/sanitize.sh).
  if (process.env.WGAN_GP_NATIVE) return (binary = { path: process.env.WGAN_GP_NATIVE, origin: 'WGAN_GP_NATIVE' });
  try {
    return (binary = locateBinary(packageRoot));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const prebuilt = prebuiltBinaries(packageRoot);
    throw new NativeBinaryError(
      `no native binary of wgan-gp for ${platform} (Node ${process.version}): ${message}. ` +
        `Prebuilt: ${prebuilt.join(', ') || 'none in this copy'}. ${buildHint}`,
      { cause: error },
    );
  }
}

/** Loads the addon, after checking that this CPU has the features the binary was compiled for. */
export function native(): NativeAddon {
  if (addon) return addon;
  const { path, origin } = nativeBinary();
  const missing = missingCpuFeatures(path);
  if (missing.length)
    throw new NativeBinaryError(
      `the native binary of wgan-gp (${origin}: ${path}) needs the CPU feature${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')}, which this CPU lacks. ${buildHint}`,
    );
  pinGpuToRank(); // before the addon can start CUDA
  try {
    addon = require(path) as NativeAddon;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NativeBinaryError(`the native binary of wgan-gp (${origin}: ${path}) did not load: ${message}. ${buildHint}`, { cause: error });
  }
  return addon;
}
