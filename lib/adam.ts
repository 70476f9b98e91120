/** Adam applied natively to a model's parameters (PyTorch's update; WGAN-GP defaults 1e-4, 0.5, 0.9). */
import { callNative, InvalidArgumentError } from './errors.js';
import { nativeFacts } from './facts.js';
import type { NativeAdamState } from './native.js';
import { checkOptionKeys } from './option-keys.js';
import { Sequential } from './sequential.js';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

const ADAM_OPTION_KEYS = ['lr', 'beta1', 'beta2', 'epsilon'] as const satisfies readonly (keyof AdamOptions)[];

/** Adam's WGAN-GP defaults (lr 1e-4, beta1 0.5, beta2 0.9, epsilon 1e-8), read from their one home in the
 *  native core (native/core/adam.h) when first used. */
export const WGAN_GP_ADAM: Readonly<Required<AdamOptions>> = {
  get lr() {
    return nativeFacts().adam.lr;
  },
  get beta1() {
    return nativeFacts().adam.beta1;
  },
  get beta2() {
    return nativeFacts().adam.beta2;
  },
  get epsilon() {
    return nativeFacts().adam.epsilon;
  },
};

export class Adam {
  readonly options: Required<AdamOptions>;

  constructor(
    readonly model: Sequential,
    options: AdamOptions = {},
  ) {
    if (!(model instanceof Sequential)) throw new InvalidArgumentError('new Adam(model): model must be a Sequential');
    checkOptionKeys(options, ADAM_OPTION_KEYS, 'new Adam(model, options)');
    this.options = { ...WGAN_GP_ADAM, ...options };
  }

  /** One update with the given gradients (by name, all trainable tensors) or, when omitted, with the
   *  gradients of the model's last criticLossAndGrads / generatorLossAndGrads call. Returns the step count. */
  step(grads?: Record<string, Float32Array>): number {
    let flat: Float32Array | undefined;
    if (grads !== undefined) {
      flat = new Float32Array(this.model.tensors.filter((t) => t.trainable).reduce((s, t) => s + t.size, 0));
      checkOptionKeys(grads, this.model.tensors.filter((t) => t.trainable).map((t) => t.name), 'Adam.step(grads)', 'tensor');
      for (const t of this.model.tensors) {
        if (!t.trainable) continue;
        const g = grads[t.name];
        if (!(g instanceof Float32Array) || g.length !== t.size)
          throw new InvalidArgumentError(`Adam.step: grads['${t.name}'] must be a Float32Array of ${t.size} values`);
        flat.set(g, t.offset);
      }
    }
    return callNative(() => this.model.native.adamStep(this.options, flat));
  }

  state(): NativeAdamState {
    return callNative(() => this.model.native.getAdamState());
  }

  setState(state: NativeAdamState): void {
    callNative(() => this.model.native.setAdamState(state, this.options));
  }
}
