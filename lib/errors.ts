/**
 * Typed errors. Every error wgan-gp throws is a WganGpError with a stable `code`; the subclass says
 * which kind of mistake it was. Native errors arrive with the same codes and are re-thrown as these.
 */
export class WganGpError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value of the wrong type or out of range, or an unknown option key (ERR_INVALID_ARGUMENT). */
export class InvalidArgumentError extends WganGpError {
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message);
  }
}
/** A buffer whose length does not fit the declared shapes (ERR_SHAPE_MISMATCH). */
export class ShapeMismatchError extends WganGpError {
  constructor(message: string) {
    super('ERR_SHAPE_MISMATCH', message);
  }
}
/** A layer spec or layer sequence that cannot be built (ERR_INVALID_MODEL). */
export class ModelSpecError extends WganGpError {
  constructor(message: string) {
    super('ERR_INVALID_MODEL', message);
  }
}
/** NaN or Infinity where finite numbers are needed, in inputs or during training (ERR_NON_FINITE). */
export class NonFiniteError extends WganGpError {
  constructor(message: string) {
    super('ERR_NON_FINITE', message);
  }
}
/** A call on a disposed model (ERR_DISPOSED). */
export class DisposedError extends WganGpError {
  constructor(message: string) {
    super('ERR_DISPOSED', message);
  }
}
/** A call on a model that a running training step is using (ERR_BUSY). */
export class BusyError extends WganGpError {
  constructor(message: string) {
    super('ERR_BUSY', message);
  }
}
/** A request this build or machine cannot serve, e.g. CUDA without a GPU (ERR_UNSUPPORTED). */
export class UnsupportedError extends WganGpError {
  constructor(message: string) {
    super('ERR_UNSUPPORTED', message);
  }
}
/** An allocation failed in the native core, on the host or the GPU: a model or batch too large (ERR_OUT_OF_MEMORY). */
export class OutOfMemoryError extends WganGpError {
  constructor(message: string) {
    super('ERR_OUT_OF_MEMORY', message);
  }
}
/** A multi-process run failed: MPI or NCCL not found or failing (the message names the library and where
 *  it looked), a rank lost or failing at start (the message names the rank) (ERR_DISTRIBUTED). */
export class DistributedError extends WganGpError {
  constructor(message: string) {
    super('ERR_DISTRIBUTED', message);
  }
}
/** An exception the native core did not expect: a bug in wgan-gp (ERR_INTERNAL). */
export class InternalError extends WganGpError {
  constructor(message: string) {
    super('ERR_INTERNAL', message);
  }
}
/** A missing, truncated, corrupted or mismatched checkpoint (ERR_CHECKPOINT). */
export class CheckpointError extends WganGpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CHECKPOINT', message, options);
  }
}
/** A missing or unreadable dataset file (ERR_DATASET). */
export class DatasetError extends WganGpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_DATASET', message, options);
  }
}
/** No native binary could be loaded: neither a prebuild nor a source build (ERR_NATIVE_BINARY). */
export class NativeBinaryError extends WganGpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_NATIVE_BINARY', message, options);
  }
}
/** Training stopped by abort() or an AbortSignal (ERR_ABORTED). */
export class AbortError extends WganGpError {
  constructor(message = 'training was aborted') {
    super('ERR_ABORTED', message);
  }
}

/** The subclass of every code the native addon throws (its list: runtimeInfo().errorCodes; a test holds
 *  the two equal). The other codes (ERR_CHECKPOINT, ERR_DATASET, ...) arise in TypeScript only. */
export const NATIVE_ERRORS: Record<string, new (message: string) => WganGpError> = {
  ERR_INVALID_ARGUMENT: InvalidArgumentError,
  ERR_SHAPE_MISMATCH: ShapeMismatchError,
  ERR_INVALID_MODEL: ModelSpecError,
  ERR_NON_FINITE: NonFiniteError,
  ERR_UNSUPPORTED: UnsupportedError,
  ERR_DISPOSED: DisposedError,
  ERR_BUSY: BusyError,
  ERR_OUT_OF_MEMORY: OutOfMemoryError,
  ERR_DISTRIBUTED: DistributedError,
  ERR_INTERNAL: InternalError,
};

/** Re-throws an error from the native addon as the matching WganGpError subclass. */
export function fromNative(error: unknown): unknown {
  if (error instanceof WganGpError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const Make = Object.hasOwn(NATIVE_ERRORS, code) ? NATIVE_ERRORS[code] : undefined;
  return Make ? new Make(error.message) : new WganGpError(code, error.message);
}

/** Calls a native function, translating its errors. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw fromNative(error);
  }
}

/** Awaits a native call that returns a promise, translating its errors, sync or async. */
export async function callNativeAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await callNative(fn);
  } catch (error) {
    throw fromNative(error);
  }
}
