// The distributed functions of the addon (README "Scaling out"): what MPI and NCCL this machine has,
// starting the process's collective, host exchanges between the ranks, and ending the job.
#pragma once
#include <napi.h>

#include "../core/collective.h"

namespace wgan {

void defineDistributed(Napi::Env env, Napi::Object exports);
// The collective started by startDistributed (the trainer's, with options.distributed), or null.
Collective* distributedCollective();

}  // namespace wgan
