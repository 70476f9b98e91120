/**
 * The work of one benchmark iteration in floating-point operations, as BENCHMARKS.md defines it:
 * 2 × the multiply-adds of the products (dense layers and convolutions) the iteration runs; element-wise
 * work (activations, Adam, the penalty's reductions) is not counted. Per critic step, for a batch of N:
 * the generator's forward pass (N fakes), the critic's forward pass on real, fake and x̂ (3N), its
 * backward-data pass to x̂ (N), the tangent pass (N) and its weight gradients over all 3N rows; per
 * generator step: forward through G and D, backward-data through D and G, and G's weight gradients (N
 * each). Each of those passes costs one forward pass's multiply-adds.
 */
import type { LayerSpec, ModelSpec } from '../layers.js';
import type { Preset } from '../presets/index.js';
import { Sequential } from '../sequential.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const kernelArea = (k: number | [number, number]) => (Array.isArray(k) ? k[0] * k[1] : k * k);

/** Multiply-adds of one layer for one sample, from its input and output shapes. */
function layerMultiplyAdds(layer: LayerSpec, input: number[], output: number[]): number {
  switch (layer.type) {
    case 'dense':
      return size(input) * size(output);
    case 'conv2d': // each output value sums input channels × kernel taps
      return size(output) * input[0] * kernelArea(layer.kernelSize);
    case 'conv2dTranspose': // each input value is spread over output channels × kernel taps
      return size(input) * output[0] * kernelArea(layer.kernelSize);
    default:
      return 0;
  }
}

/** Multiply-adds of one sample's forward pass through a model (shapes as the native core builds them); a
 *  residual block counts its branches, each from the block's input shape. */
export function forwardMultiplyAdds(spec: ModelSpec): number {
  const model = new Sequential(spec);
  try {
    return model.layers.reduce((sum, layer, i) => {
      const l = spec.layers[i];
      if (l.type !== 'residual') return sum + layerMultiplyAdds(l, layer.inputShape, layer.outputShape);
      const branch = (layers: LayerSpec[]) => (layers.length ? forwardMultiplyAdds({ inputShape: layer.inputShape, layers }) : 0);
      return sum + branch(l.body) + branch(l.shortcut ?? []);
    }, 0);
  } finally {
    model.dispose();
  }
}

/** Floating-point operations of one iteration (criticIters critic steps + one generator step) of a preset. */
export function iterationFlops(preset: Pick<Preset, 'generator' | 'critic' | 'batchSize' | 'criticIters' | 'generatorBatchSize'>): number {
  const G = forwardMultiplyAdds(preset.generator), D = forwardMultiplyAdds(preset.critic);
  const criticStep = G + (3 + 1 + 1 + 3) * D;
  const generatorStep = 3 * G + 2 * D;
  return 2 * (preset.batchSize * preset.criticIters * criticStep + (preset.generatorBatchSize ?? preset.batchSize) * generatorStep);
}
