/** Loads the native addon: a prebuilt binary from prebuilds/, else a local build (node-gyp-build). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayerSpec, ModelSpec } from './layers.js';
import { NativeBinaryError } from './errors.js';

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
  finite: boolean;
}

export interface NativeTrainer {
  run(real: Float32Array, iterations: number): Promise<IterationStats[]>;
  evaluate(real: Float32Array, seed: number): Promise<{ criticLoss: number; wasserstein: number; penalty: number }>;
  getRngState(): { key: bigint; counter: bigint };
  setRngState(state: { key: bigint; counter: bigint }): void;
  setLearningRate(lr: number): void;
}

export interface NativeTrainerOptions {
  batch: number;
  criticIters: number;
  lambda: number;
  seed: number;
  adamG: NativeAdamOptions;
  adamD: NativeAdamOptions;
  /** 'cuda': train on the models' GPU copies (kept in step with the host models) */
  device?: 'cpu' | 'cuda';
  /** replay each GPU iteration as a CUDA graph (default true) */
  cudaGraph?: boolean;
}

export interface RuntimeInfo {
  blas: string;
  threads: number;
  hardwareThreads: number;
  cuda: CudaStatus;
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
}

/** The package root: dist/ and lib/ both sit one level below it. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

let addon: NativeAddon | undefined;

export function native(): NativeAddon {
  if (addon) return addon;
  const require = createRequire(import.meta.url);
  const load = require('node-gyp-build') as (dir: string) => NativeAddon;
  try {
    // WGAN_GP_NATIVE names another build of the addon (e.g. the sanitizer build of scripts/sanitize.sh).
    addon = process.env.WGAN_GP_NATIVE ? (require(process.env.WGAN_GP_NATIVE) as NativeAddon) : load(packageRoot);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NativeBinaryError(
      `no native binary of wgan-gp for ${process.platform}-${process.arch} (Node ${process.version}): ${message}. ` +
        `Build it from source with: npm rebuild wgan-gp  (needs python3, make and a C++17 compiler; ` +
        `apt-get install libopenblas-dev for fast GEMM). In a clone of the repository: npm run build`,
      { cause: error },
    );
  }
  return addon;
}
