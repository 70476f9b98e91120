/** Sequential: a model compiled natively from layer specs, with the WGAN-GP losses and gradients. */
import { callNative, callNativeAsync, InvalidArgumentError, ShapeMismatchError } from './errors.js';
import type { ModelSpec } from './layers.js';
import { native, type AcganTerm, type NativeModel, type NativeModelDescription, type NativeTensorInfo } from './native.js';
import { checkOptionKeys } from './option-keys.js';

export interface SequentialOptions {
  /** Seed of the parameter initialisation (PyTorch's default init distributions). */
  seed?: number;
}

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export interface CriticLossInput {
  /** batch × input size, NCHW per sample */
  real: Float32Array;
  /** batch × input size, NCHW per sample */
  fake: Float32Array;
  /** one interpolation weight in [0, 1] per sample; its length is the batch size */
  epsilon: Float32Array;
  /** penalty weight λ */
  lambda: number;
  /** for a critic with a classifier head (output [1 + K]): the real samples' labels and the CE weight */
  acgan?: AcganTerm;
}

export interface CriticLossResult {
  /** wasserstein + penalty (+ acgan.scale · classifierLoss) */
  loss: number;
  /** with an ACGAN term: the mean cross-entropy of the real samples' logits, and the share classified right */
  classifierLoss: number;
  classifierAccuracy: number;
  /** mean(D(fake)) - mean(D(real)) */
  wasserstein: number;
  /** λ·mean((‖∇x̂ D(x̂)‖₂ - 1)²) */
  penalty: number;
  /** per-sample ‖∇x̂ D(x̂)‖₂ */
  gradNorms: Float32Array;
  /** d(loss)/d(parameter) for every trainable parameter */
  grads: Record<string, Float32Array>;
}

export interface GeneratorLossResult {
  /** -mean(D(G(z))) (+ acgan.scale · classifierLoss) */
  loss: number;
  /** with an ACGAN term: the mean cross-entropy of D's logits of G(z) under the requested labels */
  classifierLoss: number;
  grads: Record<string, Float32Array>;
}

export interface ClassifierLossResult {
  /** mean softmax cross-entropy of the logits against the labels */
  loss: number;
  /** samples whose largest logit is their label */
  correct: number;
  grads: Record<string, Float32Array>;
}

export class Sequential {
  readonly spec: ModelSpec;
  /** @internal */
  readonly native: NativeModel;
  private readonly description: NativeModelDescription;

  constructor(spec: ModelSpec, options: SequentialOptions = {}) {
    checkOptionKeys(options, ['seed'] satisfies (keyof SequentialOptions)[], 'new Sequential(spec, options)');
    this.spec = spec;
    this.native = callNative(() => new (native().NativeModel)(spec, { seed: options.seed ?? 0 }));
    this.description = callNative(() => this.native.describe());
  }

  get inputShape(): number[] {
    return this.description.inputShape;
  }
  get outputShape(): number[] {
    return this.description.outputShape;
  }
  get inputSize(): number {
    return this.description.inputShape.reduce((a, b) => a * b, 1);
  }
  get outputSize(): number {
    return this.description.outputShape.reduce((a, b) => a * b, 1);
  }
  /** The classes this model's label input takes (labelEmbedding, conditionalBatchNorm), 0 where it reads none. */
  get labelClasses(): number {
    return this.description.labelClasses;
  }
  /** Layer types with their per-sample input and output shapes. */
  get layers(): NativeModelDescription['layers'] {
    return this.description.layers;
  }
  /** Named tensors in state_dict order (trainable parameters and BatchNorm running statistics). */
  get tensors(): NativeTensorInfo[] {
    return this.description.tensors;
  }

  /** Every tensor by its PyTorch state_dict name ('0.weight', '3.running_mean', ...), copied. */
  parameters(): Record<string, Tensor> {
    const params = callNative(() => this.native.getParams());
    const state = callNative(() => this.native.getState());
    const out: Record<string, Tensor> = {};
    for (const t of this.tensors) {
      const source = t.trainable ? params : state;
      out[t.name] = { shape: [...t.shape], data: source.slice(t.offset, t.offset + t.size) };
    }
    return out;
  }

  /** Sets some or all tensors by name; each value must have the tensor's element count. */
  setParameters(values: Record<string, Float32Array | number[]>): void {
    if (typeof values !== 'object' || values === null)
      throw new InvalidArgumentError('setParameters(values): values must be an object of name -> Float32Array');
    const params = callNative(() => this.native.getParams());
    const state = callNative(() => this.native.getState());
    const byName = new Map(this.tensors.map((t) => [t.name, t]));
    for (const [name, value] of Object.entries(values)) {
      const t = byName.get(name);
      if (!t)
        throw new InvalidArgumentError(
          `setParameters: unknown tensor '${name}' (this model has ${[...byName.keys()].join(', ') || 'none'})`,
        );
      if (!(value instanceof Float32Array) && !Array.isArray(value))
        throw new InvalidArgumentError(`setParameters: '${name}' must be a Float32Array or an array of numbers`);
      if (value.length !== t.size)
        throw new ShapeMismatchError(`setParameters: '${name}' has shape [${t.shape.join(', ')}] (${t.size} values), got ${value.length} values`);
      (t.trainable ? params : state).set(value, t.offset);
    }
    callNative(() => this.native.setParams(params));
    callNative(() => this.native.setState(state));
  }

  /** The trainable parameters as one flat array in tensor order (what Adam updates). */
  flatParameters(): Float32Array {
    return callNative(() => this.native.getParams());
  }

  /** Forward pass. x is batch × input size (NCHW per sample). BatchNorm uses running statistics
   *  unless `training` is set. A model with label-reading layers (labelEmbedding, conditionalBatchNorm)
   *  needs `labels`, one class per sample. */
  predict(x: Float32Array, batch: number, options: { training?: boolean; labels?: Int32Array } = {}): Float32Array {
    checkOptionKeys(options, ['training', 'labels'], 'predict(x, batch, options)');
    return callNative(() => this.native.predict(x, batch, options.training ?? false, options.labels));
  }

  /** predict() in eval mode, computed off the main thread so the event loop keeps running. Until it
   *  settles the model is busy: other calls on it fail with ERR_BUSY. */
  predictAsync(x: Float32Array, batch: number, options: { labels?: Int32Array } = {}): Promise<Float32Array> {
    return callNativeAsync(() => this.native.predictAsync(x, batch, options.labels));
  }

  /** The WGAN-GP critic loss with its exact gradients (penalty included, by double backprop). */
  criticLossAndGrads(input: CriticLossInput): CriticLossResult {
    if (typeof input !== 'object' || input === null)
      throw new InvalidArgumentError('criticLossAndGrads(input): input must be { real, fake, epsilon, lambda }');
    checkOptionKeys(input, ['real', 'fake', 'epsilon', 'lambda', 'acgan'] satisfies (keyof CriticLossInput)[], 'criticLossAndGrads(input)', 'key');
    const r = callNative(() =>
      this.native.criticLossAndGrads(input.real, input.fake, input.epsilon, input.lambda, undefined, input.acgan),
    );
    return { ...r, grads: this.splitGrads(r.grads) };
  }

  /** The generator loss -mean(critic(G(z))) and its gradients w.r.t. this model's parameters. With an ACGAN
   *  critic, `acgan` holds the requested labels (also this model's label input where it reads labels). */
  generatorLossAndGrads(input: { z: Float32Array; batch: number; critic: Sequential; acgan?: AcganTerm }): GeneratorLossResult {
    if (typeof input !== 'object' || input === null || !(input.critic instanceof Sequential))
      throw new InvalidArgumentError('generatorLossAndGrads(input): input must be { z, batch, critic: Sequential }');
    checkOptionKeys(input, ['z', 'batch', 'critic', 'acgan'], 'generatorLossAndGrads(input)', 'key');
    const r = callNative(() => this.native.generatorLossAndGrads(input.z, input.batch, input.critic.native, input.acgan));
    return { loss: r.loss, classifierLoss: r.classifierLoss, grads: this.splitGrads(r.grads) };
  }

  /** Mean softmax cross-entropy of this model's logits against integer labels, with its gradients. */
  classifierLossAndGrads(input: { x: Float32Array; labels: Int32Array; batch: number }): ClassifierLossResult {
    if (typeof input !== 'object' || input === null)
      throw new InvalidArgumentError('classifierLossAndGrads(input): input must be { x, labels, batch }');
    checkOptionKeys(input, ['x', 'labels', 'batch'], 'classifierLossAndGrads(input)', 'key');
    const r = callNative(() => this.native.classifierLossAndGrads(input.x, input.labels, input.batch));
    return { loss: r.loss, correct: r.correct, grads: this.splitGrads(r.grads) };
  }

  /** Views of a flat gradient array by tensor name. */
  splitGrads(flat: Float32Array): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const t of this.tensors) if (t.trainable) out[t.name] = flat.subarray(t.offset, t.offset + t.size);
    return out;
  }

  /** Frees the native memory now (otherwise the garbage collector does it). */
  dispose(): void {
    callNative(() => this.native.dispose());
  }
}
