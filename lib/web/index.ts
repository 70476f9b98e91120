/**
 * wgan-gp/web: the browser sampler of an exported generator (`wgan-gp export --format web`). No
 * dependencies; the layers run on WebGPU where the browser has it, else in plain JavaScript (in the page or in Node).
 */
export { mountSampler } from './sampler.js';
export type { SamplerHandle, SamplerOptions, SamplerState } from './sampler.js';
export { WebGenerator, loadGenerator, BACKEND_CHOICES } from './generator.js';
export type { Backend, BackendChoice } from './generator.js';
export { compileModel, WEB_FORMAT } from './format.js';
export type { ModelDescription, LayerDescription, TensorRef, WeightsDtype } from './format.js';
export { latentForSeed, latentsForSeeds, slerp, interpolation } from './latent.js';
export { WebModelError } from './errors.js';
export { WEB_LAYERS } from './layers/index.js';
export type { WebLayer, Spec } from './layers/unit.js';
export type { Gpu, GpuStep, Kernel, KernelSource, Pass } from './gpu/kernel.js';
