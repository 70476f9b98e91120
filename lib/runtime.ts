/** Build and runtime facts (BLAS, threads, CUDA status) and the CPU thread count. */
import { callNative } from './errors.js';
import { native, type LayerTypeInfo, type RuntimeInfo } from './native.js';

export function runtimeInfo(): RuntimeInfo {
  return native().runtimeInfo();
}

/** Threads for the CPU backend (GEMM and the core's own loops); default: all cores. */
export function setThreads(threads: number): void {
  callNative(() => native().setThreads(threads));
}

/** The layer kinds the native core knows, with the keys (type, range, default) each spec accepts. */
export function layerTypes(): LayerTypeInfo[] {
  return native().layerTypes();
}
