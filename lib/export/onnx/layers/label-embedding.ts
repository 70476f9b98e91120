/** labelEmbedding -> Concat(x, Gather(E, label)) along the features: y = [x, E[label]]. */
import { attr } from '../builder.js';
import { LABEL_INPUT, nodeName, weight, type OnnxLayer } from './unit.js';

export const labelEmbedding: OnnxLayer = (g, layer, input) => {
  const rows = g.node('Gather', `${layer.name}.rows`, [weight(g, layer, 'weight'), LABEL_INPUT], [attr.int('axis', 0)]);
  return g.node('Concat', nodeName(layer), [input, rows], [attr.int('axis', 1)]);
};
