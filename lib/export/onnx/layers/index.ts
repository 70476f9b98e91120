/** The layer kinds the ONNX writer maps, by type name: a new kind is one file and one row here. */
import { UnsupportedError } from '../../../errors.js';
import { unitFor, type GraphLayer } from '../../graph.js';
import type { OnnxGraph } from '../builder.js';
import { leakyRelu, relu, sigmoid, tanh } from './activations.js';
import { avgPool2d } from './avg-pool2d.js';
import { batchNorm } from './batch-norm.js';
import { conditionalBatchNorm } from './conditional-batch-norm.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { conv2d } from './conv2d.js';
import { crop2d } from './crop2d.js';
import { dense } from './dense.js';
import { depthToSpace } from './depth-to-space.js';
import { globalAvgPool } from './global-avg-pool.js';
import { labelEmbedding } from './label-embedding.js';
import { layerNorm } from './layer-norm.js';
import { flatten, reshape } from './reshape.js';
import { residualOf } from './residual.js';
import type { OnnxLayer } from './unit.js';
import { upsample2d } from './upsample2d.js';

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
  upsample2d,
  avgPool2d,
  globalAvgPool,
  depthToSpace,
  labelEmbedding,
  conditionalBatchNorm,
  residual: residualOf(addLayers),
};

/** Adds the nodes of a chain of layers after `input`; returns the name of the chain's output. */
export function addLayers(g: OnnxGraph, layers: GraphLayer[], input: string): string {
  return layers.reduce((x, layer) => unitFor(ONNX_LAYERS, layer, 'onnx', (m) => new UnsupportedError(m))(g, layer, x), input);
}
