/** The element-wise activations: relu, leakyRelu (alpha 0.2 unless given, as the native core), tanh, sigmoid. */
import type { WebLayer } from './unit.js';

function elementwise(f: (v: number) => number): WebLayer {
  return { outShape: (_spec, inShape) => inShape, tensors: () => [], build: () => (x) => x.map(f) };
}

export const LEAKY_RELU_ALPHA = 0.2;

export const relu = elementwise((v) => (v > 0 ? v : 0));
export const tanh = elementwise(Math.tanh);
export const sigmoid = elementwise((v) => 1 / (1 + Math.exp(-v)));
export const leakyRelu: WebLayer = {
  ...relu,
  build(spec) {
    const alpha = Math.fround((spec.alpha as number | undefined) ?? LEAKY_RELU_ALPHA); // stored as float32 natively
    return (x) => x.map((v) => (v > 0 ? v : alpha * v));
  },
};
