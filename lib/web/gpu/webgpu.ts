/**
 * The few WebGPU types and flags the sampler uses, declared here because the package has no dependencies
 * (no @webgpu/types) and TypeScript's DOM library does not describe WebGPU. Names are the standard ones
 * without the GPU prefix, so they cannot clash with a page's own WebGPU typings.
 */

/** GPUBufferUsage, GPUMapMode.READ and GPUShaderStage.COMPUTE (WebGPU spec). */
export const BUFFER = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, STORAGE: 0x80 } as const;
export const MAP_MODE_READ = 0x1;
export const SHADER_COMPUTE = 0x4;

export interface Entry {
  requestAdapter(): Promise<Adapter | null>;
}
export interface Adapter {
  requestDevice(): Promise<Device>;
}
export interface Limits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}
export interface GpuError {
  message: string;
}
export interface Device {
  readonly limits: Limits;
  readonly queue: Queue;
  readonly lost: Promise<{ message: string }>;
  createBuffer(descriptor: { size: number; usage: number; mappedAtCreation?: boolean }): Buffer;
  createShaderModule(descriptor: { code: string }): object;
  createBindGroupLayout(descriptor: { entries: { binding: number; visibility: number; buffer: { type: 'storage' | 'read-only-storage' } }[] }): object;
  createPipelineLayout(descriptor: { bindGroupLayouts: object[] }): object;
  createComputePipeline(descriptor: { layout: object; compute: { module: object; entryPoint: string } }): object;
  createBindGroup(descriptor: { layout: object; entries: { binding: number; resource: { buffer: Buffer } }[] }): object;
  createCommandEncoder(): CommandEncoder;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<GpuError | null>;
}
export interface Buffer {
  readonly size: number;
  getMappedRange(): ArrayBuffer;
  mapAsync(mode: number): Promise<void>;
  unmap(): void;
  destroy(): void;
}
export interface Queue {
  submit(commands: object[]): void;
}
export interface ComputePass {
  setPipeline(pipeline: object): void;
  setBindGroup(index: number, group: object): void;
  dispatchWorkgroups(x: number, y?: number): void;
  end(): void;
}
export interface CommandEncoder {
  beginComputePass(): ComputePass;
  copyBufferToBuffer(source: Buffer, sourceOffset: number, destination: Buffer, destinationOffset: number, size: number): void;
  finish(): object;
}
