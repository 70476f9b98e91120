/** A generator running in the page (or in Node): on WebGPU where the browser has it (useWebGpu; a batch per
 *  submit), else in plain JavaScript, one sample at a time, handing the event loop back every frame's worth of
 *  work (~16 ms) so the page stays responsive. */
import { WebModelError } from './errors.js';
import { checkModel, type CheckedLayer, type ModelDescription } from './format.js';
import { GpuModel, openDevice } from './gpu/model.js';
import { latentForSeed } from './latent.js';
import { checkLabel, type Forward } from './layers/unit.js';

/** Where generate() runs. */
export type Backend = 'webgpu' | 'js';
/** What loadGenerator tries: WebGPU where the browser has it ('auto'), or plain JavaScript only. */
export const BACKEND_CHOICES = ['auto', 'js'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export class WebGenerator {
  readonly zDim: number;
  readonly sampleSize: number;
  /** why generate() runs in plain JavaScript, or null while it runs on WebGPU */
  backendNote: string | null = 'WebGPU was not tried';
  private readonly checked: CheckedLayer[];
  private readonly layers: Forward[];
  private gpu: GpuModel | null = null;

  /** Checks the description against the weights (a WebModelError when they do not match). */
  constructor(readonly description: ModelDescription, weights: ArrayBuffer) {
    this.checked = checkModel(description, weights);
    this.layers = this.checked.map(({ unit, spec, inShape, tensors }) => unit.build(spec, inShape, tensors));
    this.zDim = description.inputShape.reduce((a, b) => a * b, 1);
    this.sampleSize = description.outputShape.reduce((a, b) => a * b, 1);
  }

  get backend(): Backend {
    return this.gpu ? 'webgpu' : 'js';
  }

  /** Moves generate() onto WebGPU if the browser has it. It stays in JavaScript (backendNote says why) when there
   *  is no adapter, the kernels fail, or the GPU's sample of seed 0 is not the JavaScript one within 1e-3. */
  async useWebGpu(): Promise<Backend> {
    try {
      const device = await openDevice();
      if (typeof device === 'string') {
        this.backendNote = device;
        return this.backend;
      }
      const gpu = await GpuModel.build(device, this.checked, this.zDim, this.sampleSize);
      const z = latentForSeed(0, this.zDim), expected = this.sampleOne(z, 0), got = await gpu.run(z, new Uint32Array(1), 1);
      let worst = 0, largest = 1;
      expected.forEach((v, i) => ((worst = Math.max(worst, Math.abs(v - got[i]))), (largest = Math.max(largest, Math.abs(v)))));
      if (!(worst <= 1e-3 * largest)) this.backendNote = `WebGPU's sample of seed 0 differs from the JavaScript one by ${worst.toPrecision(2)}`;
      else [this.gpu, this.backendNote] = [gpu, null];
    } catch (error) {
      this.backendNote = `WebGPU failed: ${(error as Error).message}`;
    }
    return this.backend;
  }

  /** The classes of a conditional generator (model.json's classes), or null. */
  get classes(): { count: number; names: string[] } | null {
    return this.description.classes ?? null;
  }

  /** One sample for one latent point; a conditional generator needs its class. */
  sampleOne(z: Float32Array, label?: number): Float32Array {
    if (z.length !== this.zDim) throw new WebModelError(`a latent point has ${this.zDim} values, got ${z.length}`, 'ERR_SHAPE_MISMATCH');
    if (this.classes && label === undefined) throw this.classesNeeded();
    return this.layers.reduce((x, forward) => forward(x, label ?? 0), z);
  }

  /** Samples for n latent points laid one after another in z (and, for a conditional generator, their classes). */
  async generate(z: Float32Array, options: { signal?: AbortSignal; labels?: ArrayLike<number> } = {}): Promise<Float32Array> {
    const n = z.length / this.zDim;
    if (!Number.isInteger(n)) throw new WebModelError(`z holds ${z.length} values, not a multiple of ${this.zDim}`, 'ERR_SHAPE_MISMATCH');
    if (options.labels && options.labels.length !== n) throw new WebModelError(`labels: ${n} latent points but ${options.labels.length} labels`, 'ERR_SHAPE_MISMATCH');
    if (this.gpu) {
      const classes = this.classes, labels = new Uint32Array(n);
      if (classes && !options.labels) throw this.classesNeeded();
      if (classes) for (let i = 0; i < n; i++) checkLabel(classes.count, (labels[i] = options.labels![i]));
      return this.gpu.run(z, labels, n, options.signal);
    }
    const out = new Float32Array(n * this.sampleSize);
    let turn = performance.now();
    for (let i = 0; i < n; i++) {
      options.signal?.throwIfAborted();
      out.set(this.sampleOne(z.subarray(i * this.zDim, (i + 1) * this.zDim), options.labels?.[i]), i * this.sampleSize);
      if (performance.now() - turn > 16) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        turn = performance.now();
      }
    }
    return out;
  }

  private classesNeeded() {
    return new WebModelError(`this generator is conditional (${this.classes!.count} classes): give the class of each sample`, 'ERR_INVALID_ARGUMENT');
  }
}

/** Fetches model.json and its weights file and checks that they belong together; with backend 'auto' (the
 *  default) the generator then runs on WebGPU where the browser has it. */
export async function loadGenerator(modelUrl: string | URL, options: { signal?: AbortSignal; backend?: BackendChoice } = {}): Promise<WebGenerator> {
  const backend = options.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend)) throw new WebModelError(`backend must be ${BACKEND_CHOICES.map((b) => `'${b}'`).join(' or ')}, got ${JSON.stringify(backend)}`, 'ERR_INVALID_ARGUMENT');
  const base = new URL(modelUrl, globalThis.location?.href);
  const get = async (url: URL) => {
    const response = await fetch(url, { signal: options.signal });
    if (!response.ok) throw new WebModelError(`cannot load ${url.pathname}: HTTP ${response.status}`, 'ERR_MODEL_FILE');
    return response;
  };
  let description: ModelDescription;
  try {
    description = await (await get(base)).json();
  } catch (error) {
    if (error instanceof WebModelError) throw error;
    throw new WebModelError(`${base.pathname} is not valid JSON (${(error as Error).message})`, 'ERR_MODEL_FILE');
  }
  if (typeof description?.weights !== 'string') throw new WebModelError(`${base.pathname} names no weights file`);
  const weights = await (await get(new URL(description.weights, base))).arrayBuffer();
  const generator = new WebGenerator(description, weights);
  if (backend === 'auto') await generator.useWebGpu();
  else generator.backendNote = 'JavaScript was asked for';
  return generator;
}
