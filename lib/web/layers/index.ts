/** The layer kinds the browser sampler runs, by type name: a new kind is one file and one row here. */
import { WebModelError } from '../errors.js';
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
import type { Spec, WebLayer } from './unit.js';
import { upsample2d } from './upsample2d.js';

export const WEB_LAYERS: Record<string, WebLayer> = {
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
  residual: residualOf(webLayer),
};

/** The unit of a layer spec, or an ERR_UNSUPPORTED WebModelError saying what the sampler runs. */
export function webLayer(spec: Spec): WebLayer {
  if (!Object.hasOwn(WEB_LAYERS, spec?.type))
    throw new WebModelError(`this sampler cannot run layer type '${spec?.type}' (it runs ${Object.keys(WEB_LAYERS).join(', ')})`, 'ERR_UNSUPPORTED');
  return WEB_LAYERS[spec.type];
}
