/** A generator graph as an ONNX model: input `z` [N, zDim] (and `label` [N], int64, for a conditional
 *  generator), output `samples` [N, ...sample shape]. */
import { VERSION } from '../../version.js';
import type { GeneratorGraph } from '../graph.js';
import { OnnxGraph } from './builder.js';
import { addLayers } from './layers/index.js';
import { LABEL_INPUT } from './layers/unit.js';

export function generatorToOnnx(graph: GeneratorGraph, metadata: Record<string, string> = {}): Uint8Array {
  const g = new OnnxGraph();
  const x = addLayers(g, graph.layers, 'z');
  // the last node's output becomes the graph's output `samples`
  const output = g.node('Identity', 'samples', [x]);
  return g.encode({ input: 'z', inputShape: graph.inputShape, labelInput: graph.labelClasses ? LABEL_INPUT : undefined, output, outputShape: graph.outputShape, producerVersion: VERSION, metadata });
}
