/** A generator running in the page (or in Node): plain JavaScript, one sample at a time, handing the
 *  event loop back every frame's worth of work (~16 ms) so the page stays responsive. */
import { WebModelError } from './errors.js';
import { compileModel, type ModelDescription } from './format.js';
import type { Forward } from './layers/unit.js';

export class WebGenerator {
  readonly zDim: number;
  readonly sampleSize: number;
  private readonly layers: Forward[];

  /** Checks the description against the weights (a WebModelError when they do not match). */
  constructor(readonly description: ModelDescription, weights: ArrayBuffer) {
    this.layers = compileModel(description, weights);
    this.zDim = description.inputShape.reduce((a, b) => a * b, 1);
    this.sampleSize = description.outputShape.reduce((a, b) => a * b, 1);
  }

  /** The classes of a conditional generator (model.json's classes), or null. */
  get classes(): { count: number; names: string[] } | null {
    return this.description.classes ?? null;
  }

  /** One sample for one latent point; a conditional generator needs its class. */
  sampleOne(z: Float32Array, label?: number): Float32Array {
    if (z.length !== this.zDim) throw new WebModelError(`a latent point has ${this.zDim} values, got ${z.length}`, 'ERR_SHAPE_MISMATCH');
    if (this.classes && label === undefined) throw new WebModelError(`this generator is conditional (${this.classes.count} classes): give the class of each sample`, 'ERR_INVALID_ARGUMENT');
    return this.layers.reduce((x, forward) => forward(x, label ?? 0), z);
  }

  /** Samples for n latent points laid one after another in z (and, for a conditional generator, their classes). */
  async generate(z: Float32Array, options: { signal?: AbortSignal; labels?: ArrayLike<number> } = {}): Promise<Float32Array> {
    const n = z.length / this.zDim;
    if (!Number.isInteger(n)) throw new WebModelError(`z holds ${z.length} values, not a multiple of ${this.zDim}`, 'ERR_SHAPE_MISMATCH');
    if (options.labels && options.labels.length !== n) throw new WebModelError(`labels: ${n} latent points but ${options.labels.length} labels`, 'ERR_SHAPE_MISMATCH');
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
}

/** Fetches model.json and its weights file and checks that they belong together. */
export async function loadGenerator(modelUrl: string | URL, options: { signal?: AbortSignal } = {}): Promise<WebGenerator> {
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
  return new WebGenerator(description, weights);
}
