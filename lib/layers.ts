/** Layer specs: plain data describing a model, compiled by the native core. */

/** 'same' (TensorFlow semantics), 'valid' (0) or a symmetric padding like PyTorch's. */
export type Padding = 'same' | 'valid' | number;

export type LayerSpec =
  | { type: 'dense'; units: number }
  | { type: 'conv2d'; filters: number; kernelSize: number | [number, number]; strides?: number; padding?: Padding }
  | {
      type: 'conv2dTranspose';
      filters: number;
      kernelSize: number | [number, number];
      strides?: number;
      padding?: Padding;
      /** PyTorch's output_padding (integer padding only). */
      outputPadding?: number;
    }
  /** Keras Cropping2D: a number, [rows, cols] symmetric, or [[top, bottom], [left, right]]. */
  | { type: 'crop2d'; cropping: number | [number, number] | [[number, number], [number, number]] }
  | { type: 'flatten' }
  | { type: 'reshape'; targetShape: number[] }
  | { type: 'relu' }
  | { type: 'leakyRelu'; alpha?: number }
  | { type: 'tanh' }
  | { type: 'sigmoid' }
  /** Per-sample normalisation over all features, weight/bias shaped like the input (torch.nn.LayerNorm). */
  | { type: 'layerNorm' }
  /** Per-channel batch normalisation (torch.nn.BatchNorm1d/2d). Generators only. */
  | { type: 'batchNorm'; momentum?: number }
  /** Nearest-neighbour upsampling by `factor` (default 2), as torch.nn.Upsample(scale_factor, mode='nearest'). */
  | { type: 'upsample2d'; factor?: number };

export interface ModelSpec {
  /** Per-sample input shape: [features] or [channels, height, width]. */
  inputShape: number[];
  layers: LayerSpec[];
}

export type LayerType = LayerSpec['type'];
type SpecKeys<T extends LayerType> = Exclude<keyof Extract<LayerSpec, { type: T }>, 'type'>;

/** The keys each layer type accepts besides `type`; test/layer-registry.test.ts holds it equal to the native registry. */
export const LAYER_SPEC_KEYS = {
  batchNorm: ['momentum'],
  conv2d: ['filters', 'kernelSize', 'strides', 'padding'],
  conv2dTranspose: ['filters', 'kernelSize', 'strides', 'padding', 'outputPadding'],
  crop2d: ['cropping'],
  dense: ['units'],
  flatten: [],
  layerNorm: [],
  leakyRelu: ['alpha'],
  relu: [],
  reshape: ['targetShape'],
  sigmoid: [],
  tanh: [],
  upsample2d: ['factor'],
} as const satisfies { [T in LayerType]: readonly SpecKeys<T>[] };

// Compile-time check that no key of a LayerSpec member is missing from LAYER_SPEC_KEYS.
type UnlistedKey = { [T in LayerType]: Exclude<SpecKeys<T>, (typeof LAYER_SPEC_KEYS)[T][number]> }[LayerType];
export const everyLayerSpecKeyListed: [UnlistedKey] extends [never] ? true : never = true;
