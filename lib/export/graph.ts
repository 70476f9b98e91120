/** A generator as the exporters read it: each layer's spec, per-sample shapes and tensors, from a model
 *  built by the native core (its shapes are the ones predict() runs). */
import { UnsupportedError } from '../errors.js';
import type { LayerSpec } from '../layers.js';
import type { Sequential, Tensor } from '../sequential.js';
import { WEB_LAYERS } from '../web/layers/index.js';

export interface GraphLayer {
  /** the state_dict prefix of the layer's tensors: '4', or '4.body.1' inside a residual block */
  name: string;
  spec: LayerSpec;
  inputShape: number[];
  outputShape: number[];
  /** the layer's tensors by their local name ('weight', 'running_mean', 'body.0.weight', ...), in state_dict order */
  tensors: [string, Tensor][];
}

export interface GeneratorGraph {
  inputShape: number[];
  outputShape: number[];
  /** the classes a conditional generator's label layers take; 0 for an unconditional one */
  labelClasses: number;
  layers: GraphLayer[];
}

/** The entries named `prefix...`, with the prefix taken off. */
const under = (prefix: string, entries: [string, Tensor][]) =>
  entries.filter(([name]) => name.startsWith(prefix)).map(([name, t]) => [name.slice(prefix.length), t] as [string, Tensor]);

export function generatorGraph(model: Sequential): GeneratorGraph {
  const params = model.parameters();
  const all = model.tensors.map((t) => [t.name, params[t.name]] as [string, Tensor]);
  const layers = model.layers.map((l, index) => ({
    name: String(index),
    spec: model.spec.layers[index],
    inputShape: l.inputShape,
    outputShape: l.outputShape,
    tensors: under(`${index}.`, all),
  }));
  return { inputShape: model.inputShape, outputShape: model.outputShape, labelClasses: model.labelClasses, layers };
}

/** The layers of a residual block's branch (none for an identity shortcut), named as the native core names
 *  them ('4.body.1'). The core reports only the block's shapes; the inner ones follow the web units' shape rules. */
export function branchLayers(block: GraphLayer, branch: 'body' | 'shortcut'): GraphLayer[] {
  let shape = block.inputShape;
  return ((block.spec as LayerSpec & { type: 'residual' })[branch] ?? []).map((spec, j) => {
    const layer = { name: `${block.name}.${branch}.${j}`, spec, inputShape: shape, outputShape: shape, tensors: under(`${branch}.${j}.`, block.tensors) };
    if (!Object.hasOwn(WEB_LAYERS, spec.type)) throw new UnsupportedError(`${layerPath(layer)} (${spec.type}) cannot be exported: no web unit gives its shapes inside a residual block`);
    layer.outputShape = shape = WEB_LAYERS[spec.type].outShape(spec, shape);
    return layer;
  });
}

/** 'layers[4]', 'layers[4].body[1]': where a layer sits, for messages. */
export const layerPath = (layer: GraphLayer) => layer.name.replace(/^(\d+)/, 'layers[$1]').replace(/\.(body|shortcut)\.(\d+)/g, '.$1[$2]');

/** The exporter's unit for a layer, or an UnsupportedError naming the layer and the format. */
export function unitFor<T>(units: Record<string, T>, layer: GraphLayer, format: string, make: (message: string) => Error): T {
  if (!Object.hasOwn(units, layer.spec.type))
    throw make(`${layerPath(layer)} (${layer.spec.type}) cannot be exported to ${format}: it has units for ${Object.keys(units).join(', ')}`);
  return units[layer.spec.type];
}
