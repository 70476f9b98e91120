/** A generator's layers on WebGPU: the page's device, the layers' kernels, and batches run through them
 *  with their samples read back. */
import { WebModelError } from '../errors.js';
import type { CheckedLayer } from '../format.js';
import { Gpu, Pass, type GpuStep } from './kernel.js';
import { BUFFER, MAP_MODE_READ, type Device, type Entry } from './webgpu.js';

/** The browser's WebGPU device, or why there is none. */
export async function openDevice(): Promise<Device | string> {
  const entry = (globalThis as { navigator?: { gpu?: Entry } }).navigator?.gpu;
  if (!entry) return 'this browser has no WebGPU';
  const adapter = await entry.requestAdapter();
  return adapter ? adapter.requestDevice() : 'WebGPU offers no adapter here';
}

/** Runs `work` in WebGPU error scopes: WebGPU reports a bad call or a failed allocation there, not by throwing,
 *  and a kernel that did not run would otherwise read back zeros. */
async function scoped<T>(device: Device, what: string, work: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const result = work();
  const memory = await device.popErrorScope(), validation = await device.popErrorScope();
  if (memory || validation) {
    await result.catch(() => undefined);
    throw new WebModelError(`WebGPU ${what}: ${(memory ?? validation)!.message}`, memory ? 'ERR_OUT_OF_MEMORY' : 'ERR_INTERNAL');
  }
  return result;
}

export class GpuModel {
  private constructor(
    private readonly gpu: Gpu,
    private readonly steps: GpuStep[],
    private readonly zDim: number,
    private readonly sampleSize: number,
    /** samples per submitted batch, so that every buffer fits the device's limits */
    private readonly perBatch: number,
  ) {}

  static async build(device: Device, layers: CheckedLayer[], zDim: number, sampleSize: number): Promise<GpuModel> {
    const gpu = new Gpu(device);
    const steps = await scoped(device, 'could not build the kernels', async () => layers.map(({ unit, spec, inShape, tensors }) => unit.gpu(spec, inShape, tensors, gpu)));
    const widest = Math.max(gpu.widest, zDim), limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    const perBatch = Math.floor(limit / 4 / widest);
    if (perBatch < 1) throw new WebModelError(`a layer's output of ${widest} values exceeds this GPU's ${limit}-byte buffers`, 'ERR_UNSUPPORTED');
    return new GpuModel(gpu, steps, zDim, sampleSize, perBatch);
  }

  /** The samples of n latent points (one after another in z) with their classes. */
  async run(z: Float32Array, labels: Uint32Array, n: number, signal?: AbortSignal): Promise<Float32Array> {
    const out = new Float32Array(n * this.sampleSize);
    for (let first = 0; first < n; first += this.perBatch) {
      signal?.throwIfAborted();
      const m = Math.min(this.perBatch, n - first);
      out.set(await this.batch(z.subarray(first * this.zDim, (first + m) * this.zDim), labels.subarray(first, first + m), m), first * this.sampleSize);
    }
    return out;
  }

  private async batch(z: Float32Array, labels: Uint32Array, m: number): Promise<Float32Array> {
    const { device } = this.gpu;
    let pass: Pass | undefined;
    try {
      return await scoped(device, 'failed to run the generator', async () => {
        pass = new Pass(this.gpu, m, labels);
        const read = pass.keep(device.createBuffer({ size: m * this.sampleSize * 4, usage: BUFFER.MAP_READ | BUFFER.COPY_DST }));
        const y = this.steps.reduce((x, step) => step(pass!, x), pass.keep(this.gpu.upload(z)));
        pass.encoder.copyBufferToBuffer(y, 0, read, 0, read.size);
        device.queue.submit([pass.encoder.finish()]);
        await read.mapAsync(MAP_MODE_READ);
        return new Float32Array(read.getMappedRange().slice(0));
      });
    } finally {
      pass?.release();
    }
  }
}
