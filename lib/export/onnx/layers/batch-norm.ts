/** batchNorm -> BatchNormalization in inference form (running statistics), as predict() runs it. */
import { NORM_EPSILON } from '../../../web/layers/geometry.js';
import { attr } from '../builder.js';
import { nodeName, weight, type OnnxLayer } from './unit.js';

export const batchNorm: OnnxLayer = (g, layer, input) =>
  g.node(
    'BatchNormalization',
    nodeName(layer),
    [input, ...['weight', 'bias', 'running_mean', 'running_var'].map((name) => weight(g, layer, name))],
    [attr.float('epsilon', NORM_EPSILON)],
  );
