/** labelEmbedding: y = [x, E[label]], the table E of shape [classes, dim] (torch.nn.Embedding). */
import { labelRow, positiveInt, size, type WebLayer } from './unit.js';

export const labelEmbedding: WebLayer = {
  outShape: (spec, inShape) => [size(inShape) + positiveInt(spec, 'dim')],
  tensors: (spec) => [['weight', [positiveInt(spec, 'classes'), positiveInt(spec, 'dim')]]],
  build(spec, inShape, { weight }) {
    const classes = positiveInt(spec, 'classes'), features = size(inShape);
    return (x, label) => {
      const y = new Float32Array(features + positiveInt(spec, 'dim'));
      y.set(x);
      y.set(labelRow(weight, classes, label), features);
      return y;
    };
  },
  gpu(spec, inShape, { weight }, gpu) {
    const features = size(inShape), dim = positiveInt(spec, 'dim');
    return gpu.kernel({
      outSize: features + dim,
      tensors: { table: weight },
      body: `if (k < ${features}u) { y[i] = x[n * ${features}u + k]; } else { y[i] = table[label[n] * ${dim}u + k - ${features}u]; }`,
    });
  },
};
