/**
 * The sampler's WebGPU kernels: each layer kind writes the WGSL that computes one output value of one
 * sample, and this module wraps it into a compute shader over the whole batch (one invocation per value),
 * uploads the layer's tensors, and records its dispatch into a pass.
 */
import { WebModelError } from '../errors.js';
import { BUFFER, SHADER_COMPUTE, type Buffer, type CommandEncoder, type Device } from './webgpu.js';

const WORKGROUP = 64;
const MAX_GROUPS = 65535; // maxComputeWorkgroupsPerDimension's guaranteed value

export interface KernelSource {
  /** values of each sample's output */
  outSize: number;
  /** WGSL statements that set y[i], value k of sample n; they may read label[n], the inputs and the tensors by name */
  body: string;
  /** the names of the buffers computed earlier in the pass that it reads, in argument order (default ['x']) */
  inputs?: string[];
  /** the layer's constant tensors, by WGSL name */
  tensors?: Record<string, Float32Array>;
}

/** A kernel recorded into a pass: reads its inputs, returns the buffer it writes. */
export type Kernel = (pass: Pass, ...inputs: Buffer[]) => Buffer;

/** A layer's forward pass over a batch on the GPU: records its kernels, returns its output buffer. */
export type GpuStep = (pass: Pass, x: Buffer) => Buffer;

/** A number as a WGSL f32 literal (a kernel's constant, e.g. leakyRelu's alpha). */
export function wgslFloat(v: number): string {
  if (!Number.isFinite(v)) throw new WebModelError(`a WebGPU kernel constant must be finite, got ${v}`);
  return `${Math.fround(v)}f`;
}

export class Gpu {
  /** the most values any kernel writes per sample: the batch is cut so that each buffer fits the device */
  widest = 0;
  constructor(readonly device: Device) {}

  /** A storage buffer holding these values. */
  upload(values: Float32Array | Uint32Array): Buffer {
    const buffer = this.device.createBuffer({ size: Math.max(4, values.byteLength), usage: BUFFER.STORAGE, mappedAtCreation: true });
    new (values.constructor as Float32ArrayConstructor)(buffer.getMappedRange()).set(values);
    buffer.unmap();
    return buffer;
  }

  kernel({ outSize, body, inputs = ['x'], tensors = {} }: KernelSource): Kernel {
    this.widest = Math.max(this.widest, outSize);
    const names = [...inputs, ...Object.keys(tensors)];
    const code = `
const OUT: u32 = ${outSize}u;
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> label: array<u32>;
${names.map((name, j) => `@group(0) @binding(${2 + j}) var<storage, read> ${name}: array<f32>;`).join('\n')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = id.y * groups.x * ${WORKGROUP}u + id.x;
  if (i >= arrayLength(&y)) { return; }
  let n = i / OUT;
  let k = i % OUT;
  ${body}
}`;
    const device = this.device;
    const layout = device.createBindGroupLayout({
      entries: [0, 1, ...names.map((_, j) => 2 + j)].map((binding) => ({ binding, visibility: SHADER_COMPUTE, buffer: { type: binding === 0 ? 'storage' : 'read-only-storage' } })),
    });
    const pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
    });
    const constants = Object.values(tensors).map((t) => this.upload(t));
    return (pass, ...given) => {
      const y = pass.output(outSize);
      const group = device.createBindGroup({ layout, entries: [y, pass.labels, ...given, ...constants].map((buffer, binding) => ({ binding, resource: { buffer } })) });
      const groups = Math.ceil((pass.batch * outSize) / WORKGROUP), x = Math.min(groups, MAX_GROUPS);
      const compute = pass.encoder.beginComputePass();
      compute.setPipeline(pipeline);
      compute.setBindGroup(0, group);
      compute.dispatchWorkgroups(x, Math.ceil(groups / x));
      compute.end();
      return y;
    };
  }
}

/** One forward pass of a batch: the encoder its kernels record into, the batch's labels, and the buffers
 *  it makes (destroyed by release, once the result is read back). */
export class Pass {
  readonly encoder: CommandEncoder;
  readonly labels: Buffer;
  private readonly made: Buffer[] = [];

  constructor(readonly gpu: Gpu, readonly batch: number, labels: Uint32Array) {
    this.encoder = gpu.device.createCommandEncoder();
    this.labels = this.keep(gpu.upload(labels));
  }

  keep(buffer: Buffer): Buffer {
    this.made.push(buffer);
    return buffer;
  }

  /** a buffer for `values` per sample of the batch */
  output(values: number): Buffer {
    return this.keep(this.gpu.device.createBuffer({ size: this.batch * values * 4, usage: BUFFER.STORAGE | BUFFER.COPY_SRC }));
  }

  release() {
    for (const buffer of this.made) buffer.destroy();
  }
}
