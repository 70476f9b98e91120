/** depthToSpace -> DepthToSpace in mode CRD, PyTorch's PixelShuffle channel order (DCR would be TensorFlow's). */
import type { LayerSpec } from '../../../layers.js';
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const depthToSpace: OnnxLayer = (g, layer, input) =>
  g.node('DepthToSpace', nodeName(layer), [input], [
    attr.int('blocksize', (layer.spec as LayerSpec & { type: 'depthToSpace' }).blockSize),
    attr.string('mode', 'CRD'),
  ]);
