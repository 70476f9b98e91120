/**
 * The distributed session of this process: MPI (and NCCL over it for GPU ranks) started once, through the
 * addon, and the few host exchanges a run needs (the start check, the stop flag of each iteration).
 * README "Scaling out" documents the behaviour.
 */
import { callNative, callNativeAsync, DistributedError } from '../errors.js';
import { native } from '../native.js';
import { launchedWithRanks } from './launcher.js';

export type Engine = 'mpi' | 'nccl';

/** Seconds a rank waits for the others (train()'s faultTimeout): past it, and a probe of up to 15 s more,
 *  the run fails naming the lost rank: within a minute. It must exceed the longest pause
 *  of rank 0 alone (writing samples, plots, a checkpoint, the quality metrics). */
export const DEFAULT_FAULT_TIMEOUT = 45;

export interface Session {
  rank: number;
  size: number;
  engine: Engine;
  /** every rank's value, in rank order; a rank that does not answer within the fault timeout is named in a DistributedError */
  gather(value: number, what: string): Promise<number[]>;
}

let current: Session | null = null;

/** Starts (or joins the already started) session of this process. */
export function startSession(engine: Engine, faultTimeout: number): Session {
  const addon = native();
  const started = callNative(() => addon.startDistributed({ engine, faultTimeout, alone: !launchedWithRanks() }));
  return (current = {
    ...started,
    gather: (value, what) => callNativeAsync(() => addon.gatherDistributed(value, what)),
  });
}

/** The session this process started, or null. */
export function activeSession(): Session | null {
  return current;
}

/**
 * The start check: every rank says whether it is ready (its data opened); all fail together, before any
 * training, when one is not. The failing rank keeps its own error (its message prefixed with its rank);
 * the others get a DistributedError naming it.
 */
export async function checkStart(session: Session, failure: unknown): Promise<void> {
  const failed = (await session.gather(failure ? 1 : 0, 'the start check')).flatMap((f, rank) => (f ? [rank] : []));
  if (failure) {
    if (failure instanceof Error) failure.message = `rank ${session.rank}: ${failure.message}`;
    throw failure;
  }
  if (failed.length)
    throw new DistributedError(
      `rank ${session.rank}: the run cannot start: rank${failed.length > 1 ? 's' : ''} ${failed.join(', ')} failed at start (${failed.length > 1 ? 'their' : 'its'} own message says why)`,
    );
}

/** Ends every rank of the job now (MPI_Abort): for a rank that failed, so no other waits for it. */
export function abortJob(exitCode: number): void {
  native().abortDistributed(exitCode);
}

/** MPI_Finalize, once every rank is done. */
export function finalizeSession(): void {
  if (!current) return;
  current = null;
  native().finalizeDistributed();
}
