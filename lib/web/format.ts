/**
 * model.json: what `wgan-gp export --format web` writes beside weights.bin, and what the page checks
 * before it runs anything. Every tensor is stored in state_dict order at `offset` (counted in values) of
 * weights.bin, as float32 or float16, little-endian.
 */
import { WebModelError } from './errors.js';
import { decodeFloat16 } from './float16.js';
import { webLayer } from './layers/index.js';
import { size, type Forward, type Spec, type WebLayer } from './layers/unit.js';

export const WEB_FORMAT = 'wgan-gp-web/1';
export const BYTES_PER_VALUE = { float32: 4, float16: 2 } as const;
export type WeightsDtype = keyof typeof BYTES_PER_VALUE;

export interface TensorRef {
  name: string;
  shape: number[];
  offset: number;
}

export interface LayerDescription {
  spec: Spec;
  inputShape: number[];
  outputShape: number[];
  tensors: TensorRef[];
}

export interface ModelDescription {
  format: typeof WEB_FORMAT;
  /** shown as the page's heading */
  title: string;
  dataset: string;
  iteration: number;
  /** the value range of the samples (for display): [0, 1] for MNIST, [-1, 1] for images, [-2, 2] for toy points */
  range: [number, number];
  inputShape: number[];
  outputShape: number[];
  dtype: WeightsDtype;
  /** the weights file, relative to model.json */
  weights: string;
  /** values in the weights file */
  values: number;
  /** a conditional generator's classes (its label layers take a class in [0, count)); absent otherwise */
  classes?: { count: number; names: string[] };
  layers: LayerDescription[];
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** A layer of a checked description: its unit, spec, input shape and tensors, ready to build. */
export interface CheckedLayer {
  unit: WebLayer;
  spec: Spec;
  inShape: number[];
  tensors: Record<string, Float32Array>;
}

/** The forward pass of each layer in plain JavaScript (after checkModel's checks). */
export const compileModel = (desc: ModelDescription, weights: ArrayBuffer): Forward[] =>
  checkModel(desc, weights).map(({ unit, spec, inShape, tensors }) => unit.build(spec, inShape, tensors));

/** Checks a description against the layers' own shape rules and the weights file's size, and reads each
 *  layer's tensors. Throws a WebModelError that says what does not match. */
export function checkModel(desc: ModelDescription, weights: ArrayBuffer): CheckedLayer[] {
  if (desc?.format !== WEB_FORMAT) throw new WebModelError(`model.json is not a wgan-gp web model (format ${JSON.stringify(desc?.format)}, expected '${WEB_FORMAT}')`);
  if (![desc.layers, desc.inputShape, desc.outputShape, desc.range].every(Array.isArray) || !Number.isInteger(desc.values))
    throw new WebModelError('model.json lacks layers, inputShape, outputShape, range or values');
  const bytes = BYTES_PER_VALUE[desc.dtype];
  if (!bytes) throw new WebModelError(`model.json: dtype must be float32 or float16, got ${JSON.stringify(desc.dtype)}`);
  if (weights.byteLength !== desc.values * bytes)
    throw new WebModelError(
      `${desc.weights} has ${weights.byteLength} bytes but model.json describes ${desc.values} ${desc.dtype} values (${desc.values * bytes} bytes): the weights do not belong to this model`,
      'ERR_SHAPE_MISMATCH',
    );
  const values = desc.dtype === 'float16' ? decodeFloat16(new Uint16Array(weights)) : new Float32Array(weights);
  let shape = desc.inputShape;
  const checked = desc.layers.map((layer, i): CheckedLayer => {
    const where = `layers[${i}] (${layer.spec?.type})`;
    let unit: WebLayer, outShape: number[], wanted: [string, number[]][];
    try {
      unit = webLayer(layer.spec);
      if (!same(layer.inputShape, shape)) throw new WebModelError(`input shape [${layer.inputShape}] in model.json, but the previous layer gives [${shape}]`);
      outShape = unit.outShape(layer.spec, shape);
      wanted = unit.tensors(layer.spec, shape);
    } catch (error) {
      throw new WebModelError(`${where}: ${(error as Error).message}`, (error as WebModelError).code);
    }
    if (!same(outShape, layer.outputShape)) throw new WebModelError(`${where}: output shape [${layer.outputShape}] in model.json, but the layer gives [${outShape}]`);
    const tensors: Record<string, Float32Array> = {};
    for (const [name, tensorShape] of wanted) {
      const ref = layer.tensors.find((t) => t.name === name);
      if (!ref || !same(ref.shape, tensorShape))
        throw new WebModelError(`${where}: tensor ${name} must have shape [${tensorShape}], model.json has ${ref ? `[${ref.shape}]` : 'none'}`, 'ERR_SHAPE_MISMATCH');
      if (!(Number.isInteger(ref.offset) && ref.offset >= 0 && ref.offset + size(tensorShape) <= values.length))
        throw new WebModelError(`${where}: tensor ${name} lies outside ${desc.weights}`, 'ERR_SHAPE_MISMATCH');
      tensors[name] = values.subarray(ref.offset, ref.offset + size(tensorShape));
    }
    shape = outShape;
    return { unit, spec: layer.spec, inShape: layer.inputShape, tensors };
  });
  if (!same(shape, desc.outputShape)) throw new WebModelError(`model.json: the layers give samples of shape [${shape}], not the declared [${desc.outputShape}]`);
  return checked;
}
