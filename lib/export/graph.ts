/** A generator as the exporters read it: each layer's spec, per-sample shapes and tensors, from a model
 *  built by the native core (its shapes are the ones predict() runs). */
import type { LayerSpec } from '../layers.js';
import type { Sequential, Tensor } from '../sequential.js';

export interface GraphLayer {
  index: number;
  spec: LayerSpec;
  inputShape: number[];
  outputShape: number[];
  /** the layer's tensors by their local name ('weight', 'running_mean', ...), in state_dict order */
  tensors: [string, Tensor][];
}

export interface GeneratorGraph {
  inputShape: number[];
  outputShape: number[];
  layers: GraphLayer[];
}

export function generatorGraph(model: Sequential): GeneratorGraph {
  const params = model.parameters();
  const layers = model.layers.map((l, index) => ({
    index,
    spec: model.spec.layers[index],
    inputShape: l.inputShape,
    outputShape: l.outputShape,
    tensors: model.tensors
      .filter((t) => t.name.startsWith(`${index}.`))
      .map((t) => [t.name.slice(`${index}.`.length), params[t.name]] as [string, Tensor]),
  }));
  return { inputShape: model.inputShape, outputShape: model.outputShape, layers };
}

/** The exporter's unit for a layer, or an UnsupportedError naming the layer and the format. */
export function unitFor<T>(units: Record<string, T>, layer: GraphLayer, format: string, make: (message: string) => Error): T {
  const unit = units[layer.spec.type];
  if (!unit)
    throw make(`layers[${layer.index}] (${layer.spec.type}) cannot be exported to ${format}: it has units for ${Object.keys(units).join(', ')}`);
  return unit;
}
