// The process's MPI collective (CPU ranks): MPI from the library findMpi() loads, started once per process
// with MPI_Init_thread (at least MPI_THREAD_SERIALIZED: the steps run on worker threads, one at a time).
// Every operation is non-blocking underneath and waited for with a deadline, the fault timeout: past it,
// or on an MPI error, the ranks that still answer exchange a probe and fail with ERR_DISTRIBUTED naming
// the ranks that did not.
#pragma once
#include "../core/collective.h"

namespace wgan {

// Starts MPI on the first call (ERR_DISTRIBUTED naming the library and where it looked when there is none);
// later calls return the same collective with the new timeout.
Collective& startMpi(double faultTimeoutSeconds);
// The started collective, or null.
Collective* runningMpi();
// Ends the whole job at once (MPI_Abort): for a rank that failed, so that no other rank waits for it.
void abortMpi(int exitCode);
// MPI_Finalize, at the end of a run that went well.
void finalizeMpi();

}  // namespace wgan
