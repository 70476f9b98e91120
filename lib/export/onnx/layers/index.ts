/** The layer kinds the ONNX writer maps, by type name: a new kind is one file and one row here. */
import { leakyRelu, relu, sigmoid, tanh } from './activations.js';
import { batchNorm } from './batch-norm.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { conv2d } from './conv2d.js';
import { crop2d } from './crop2d.js';
import { dense } from './dense.js';
import { layerNorm } from './layer-norm.js';
import { flatten, reshape } from './reshape.js';
import type { OnnxLayer } from './unit.js';

export const ONNX_LAYERS: Record<string, OnnxLayer> = {
  dense,
  conv2d,
  conv2dTranspose,
  crop2d,
  flatten,
  reshape,
  relu,
  leakyRelu,
  tanh,
  sigmoid,
  layerNorm,
  batchNorm,
};
