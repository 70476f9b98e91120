export { Sequential } from './sequential.js';
export type { SequentialOptions, Tensor, CriticLossInput, CriticLossResult, GeneratorLossResult } from './sequential.js';
export { Adam, WGAN_GP_ADAM } from './adam.js';
export type { AdamOptions } from './adam.js';
export type { LayerSpec, ModelSpec, Padding } from './layers.js';
export * from './errors.js';
export { runtimeInfo, setThreads } from './runtime.js';
