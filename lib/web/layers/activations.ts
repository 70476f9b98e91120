/** The element-wise activations: relu, leakyRelu (alpha 0.2 unless given, as the native core), tanh, sigmoid. */
import { wgslFloat } from '../gpu/kernel.js';
import { size, type Spec, type WebLayer } from './unit.js';

/** f in JavaScript, and the same as a WGSL expression of v. */
function elementwise(f: (v: number) => number, wgsl: (spec: Spec) => string): WebLayer {
  return {
    outShape: (_spec, inShape) => inShape,
    tensors: () => [],
    build: () => (x) => x.map(f),
    gpu: (spec, inShape, _tensors, gpu) => gpu.kernel({ outSize: size(inShape), body: `let v = x[i]; y[i] = ${wgsl(spec)};` }),
  };
}

export const LEAKY_RELU_ALPHA = 0.2;
const alphaOf = (spec: Spec) => Math.fround((spec.alpha as number | undefined) ?? LEAKY_RELU_ALPHA); // stored as float32 natively

export const relu = elementwise((v) => (v > 0 ? v : 0), () => 'max(v, 0.0)');
// clamped: tanh(±15) is ±1 in float32, and a GPU's tanh(v) may be exp-based and overflow to NaN for large |v|
export const tanh = elementwise(Math.tanh, () => 'tanh(clamp(v, -15.0, 15.0))');
export const sigmoid = elementwise((v) => 1 / (1 + Math.exp(-v)), () => '1.0 / (1.0 + exp(-v))');
export const leakyRelu: WebLayer = {
  ...elementwise(() => 0, (spec) => `select(${wgslFloat(alphaOf(spec))} * v, v, v > 0.0)`),
  build(spec) {
    const alpha = alphaOf(spec);
    return (x) => x.map((v) => (v > 0 ? v : alpha * v));
  },
};
