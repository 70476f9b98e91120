/** globalAvgPool -> GlobalAveragePool ([N, C, 1, 1]), then Flatten to [N, C]. */
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const globalAvgPool: OnnxLayer = (g, layer, input) => {
  const name = nodeName(layer);
  return g.node('Flatten', name, [g.node('GlobalAveragePool', `${name}.pool`, [input])], [attr.int('axis', 1)]);
};
