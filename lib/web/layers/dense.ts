/** dense: y = W·x + b, W of shape [units, inputs] (torch.nn.Linear). */
import { positiveInt, size, type WebLayer } from './unit.js';

export const dense: WebLayer = {
  outShape: (spec) => [positiveInt(spec, 'units')],
  tensors: (spec, inShape) => [
    ['weight', [positiveInt(spec, 'units'), size(inShape)]],
    ['bias', [positiveInt(spec, 'units')]],
  ],
  build(spec, inShape, { weight, bias }) {
    const units = positiveInt(spec, 'units'), inputs = size(inShape);
    return (x) => {
      const y = new Float32Array(units);
      for (let o = 0; o < units; o++) {
        let sum = bias[o];
        for (let i = 0, row = o * inputs; i < inputs; i++) sum += weight[row + i] * x[i];
        y[o] = sum;
      }
      return y;
    };
  },
  gpu(spec, inShape, { weight, bias }, gpu) {
    const inputs = size(inShape);
    return gpu.kernel({
      outSize: positiveInt(spec, 'units'),
      tensors: { wt: weight, bs: bias },
      body: `
        var sum = bs[k];
        for (var j = 0u; j < ${inputs}u; j++) { sum += wt[k * ${inputs}u + j] * x[n * ${inputs}u + j]; }
        y[i] = sum;`,
    });
  },
};
