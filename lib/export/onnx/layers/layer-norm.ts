/** layerNorm -> LayerNormalization over every axis after the batch (opset 17), scale and bias shaped like a sample. */
import { NORM_EPSILON } from '../../../web/layers/geometry.js';
import { attr } from '../builder.js';
import { nodeName, weight, type OnnxLayer } from './unit.js';

export const layerNorm: OnnxLayer = (g, layer, input) =>
  g.node('LayerNormalization', nodeName(layer), [input, weight(g, layer, 'weight'), weight(g, layer, 'bias')], [
    attr.int('axis', 1),
    attr.float('epsilon', NORM_EPSILON),
  ]);
