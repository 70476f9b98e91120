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
  /**
   * Class-conditional batch normalisation (tflib's cond_batchnorm): batchNorm without its own affine part, then
   * γ and β taken per sample from the rows of its label in the tables 'weight'/'bias' [classes, C]; running
   * statistics as batchNorm. Reads the batch's labels. Generators only.
   */
  | { type: 'conditionalBatchNorm'; classes: number; momentum?: number }
  /**
   * The label input of a conditional generator: y = concat(x, E[label]) for a flat x (the noise), with the table
   * 'weight' [classes, dim] (torch.nn.Embedding's layout and N(0, 1) initialisation). Reads the batch's labels.
   */
  | { type: 'labelEmbedding'; classes: number; dim: number }
  /** Nearest-neighbour upsampling by `factor` (default 2), as torch.nn.Upsample(scale_factor, mode='nearest'). */
  | { type: 'upsample2d'; factor?: number }
  /** Non-overlapping mean pooling, stride = poolSize (default 2), as torch.nn.AvgPool2d; the size must divide the input. */
  | { type: 'avgPool2d'; poolSize?: number }
  /** The mean over height and width: [C, H, W] → [C]. */
  | { type: 'globalAvgPool' }
  /**
   * Sub-pixel rearrangement [C·r², H, W] → [C, H·r, W·r] with PyTorch's PixelShuffle(r) channel order:
   * out[c][h·r+i][w·r+j] = in[c·r² + i·r + j][h][w]. TensorFlow's depth_to_space reads in[(i·r + j)·C + c] instead.
   */
  | { type: 'depthToSpace'; blockSize: number }
  /**
   * y = shortcut(x) + scale·body(x) (scale defaults to 1; no shortcut is the identity). Both branches must end in
   * the same shape. Parameters are named like PyTorch's nested modules: '<i>.body.<j>.weight', '<i>.shortcut.<j>.bias'.
   */
  | { type: 'residual'; body: LayerSpec[]; shortcut?: LayerSpec[]; scale?: number };

export interface ModelSpec {
  /** Per-sample input shape: [features] or [channels, height, width]. */
  inputShape: number[];
  layers: LayerSpec[];
}

export type LayerType = LayerSpec['type'];
type SpecKeys<T extends LayerType> = Exclude<keyof Extract<LayerSpec, { type: T }>, 'type'>;

/** The keys each layer type accepts besides `type`; test/layer-registry.test.ts holds it equal to the native registry. */
export const LAYER_SPEC_KEYS = {
  avgPool2d: ['poolSize'],
  batchNorm: ['momentum'],
  conditionalBatchNorm: ['classes', 'momentum'],
  conv2d: ['filters', 'kernelSize', 'strides', 'padding'],
  conv2dTranspose: ['filters', 'kernelSize', 'strides', 'padding', 'outputPadding'],
  crop2d: ['cropping'],
  dense: ['units'],
  depthToSpace: ['blockSize'],
  flatten: [],
  globalAvgPool: [],
  labelEmbedding: ['classes', 'dim'],
  layerNorm: [],
  leakyRelu: ['alpha'],
  relu: [],
  reshape: ['targetShape'],
  residual: ['body', 'shortcut', 'scale'],
  sigmoid: [],
  tanh: [],
  upsample2d: ['factor'],
} as const satisfies { [T in LayerType]: readonly SpecKeys<T>[] };

// Compile-time check that no key of a LayerSpec member is missing from LAYER_SPEC_KEYS.
type UnlistedKey = { [T in LayerType]: Exclude<SpecKeys<T>, (typeof LAYER_SPEC_KEYS)[T][number]> }[LayerType];
export const everyLayerSpecKeyListed: [UnlistedKey] extends [never] ? true : never = true;
