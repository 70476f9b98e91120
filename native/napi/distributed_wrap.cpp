#include "distributed_wrap.h"

#include <memory>

#include "../comm/mpi_collective.h"
#include "../comm/mpi_library.h"
#include "../comm/solo_collective.h"
#include "../core/errors.h"
#include "../cuda/nccl_collective.h"
#include "args.h"
#include "background_work.h"
#include "js_error.h"

namespace wgan {

namespace {

std::unique_ptr<Collective> nccl;
SoloCollective solo;
Collective* active = nullptr;

Napi::Array strings(Napi::Env env, const std::vector<std::string>& list) {
  Napi::Array out = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); ++i) out.Set(static_cast<uint32_t>(i), list[i]);
  return out;
}

// distributedInfo(): { mpi: { loaded, path?, abi?, version?, error?, searched }, nccl: { loaded, path?, version?, error? } }
// Loads the libraries (without starting MPI) to say what is there.
Napi::Value distributedInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  const MpiLibrary& mpi = findMpi();
  Napi::Object m = Napi::Object::New(env);
  m.Set("loaded", mpi.found.loaded);
  if (mpi.found.loaded) {
    m.Set("path", mpi.found.path);
    m.Set("abi", mpiAbiName(mpi.abi));
    m.Set("version", mpi.version);
  } else {
    m.Set("error", mpi.found.error);
  }
  m.Set("searched", strings(env, mpi.found.searched));
  out.Set("mpi", m);
  const CudaLibrary& lib = ncclLibrary();
  Napi::Object n = Napi::Object::New(env);
  n.Set("loaded", lib.loaded);
  if (lib.loaded) {
    n.Set("path", lib.path);
    n.Set("version", lib.version);
  } else {
    n.Set("error", lib.error);
  }
  out.Set("nccl", n);
  return out;
}

// startDistributed({ engine: 'mpi' | 'nccl', faultTimeout, alone? }): starts MPI (and NCCL over it, on the
// CUDA backend) once per process; returns { rank, size, engine }. ERR_DISTRIBUTED names a missing library and
// where it looked. alone (no launcher started this process): NCCL needs no MPI for one rank.
Napi::Value startDistributed(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Object o = objectArg(info[0], "options");
    onlyKeys(o, "options", {"engine", "faultTimeout", "alone"});
    const std::string engine = stringArg(o.Get("engine"), "options.engine");
    if (engine != "mpi" && engine != "nccl")
      fail(ErrorCode::InvalidArgument, "options.engine must be 'mpi' or 'nccl', got '" + engine + "'");
    const double timeout = numberArg(o.Get("faultTimeout"), "options.faultTimeout", 1, 86400);
    if (active && active->engine() != engine)
      fail(ErrorCode::InvalidArgument, std::string("this process already runs the '") + active->engine() +
                                           "' engine; one engine per process");
    const bool alone = !o.Get("alone").IsUndefined() && boolArg(o.Get("alone"), "options.alone");
    const bool withoutMpi = engine == "nccl" && alone && !findMpi().found.loaded;
    Collective& mpi = withoutMpi ? solo : startMpi(timeout);
    if (engine == "nccl" && !nccl) nccl = makeNcclCollective(mpi, cudaDevice());
    active = engine == "nccl" ? nccl.get() : &mpi;
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("rank", active->rank());
    out.Set("size", active->size());
    out.Set("engine", active->engine());
    return out;
  });
}

// gatherDistributed(value, what): Promise of every rank's integer, in rank order, exchanged off the main
// thread (start checks, stop flags). A rank that does not answer within the fault timeout is named in an
// ERR_DISTRIBUTED rejection.
Napi::Value gatherDistributed(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (!active) fail(ErrorCode::InvalidArgument, "gatherDistributed: call startDistributed first");
    const int value = intArg(info[0], "value", -(1 << 30), 1 << 30);
    const std::string what = stringArg(info[1], "what");
    auto values = std::make_shared<std::vector<int>>();
    Collective* collective = active;
    return BackgroundWork::start(
        info.Env(), what, {}, [=] { *values = collective->allGather(value, what); },
        [=](Napi::Env env) -> Napi::Value {
          Napi::Array out = Napi::Array::New(env, values->size());
          for (size_t i = 0; i < values->size(); ++i) out.Set(static_cast<uint32_t>(i), (*values)[i]);
          return out;
        },
        [] {});
  });
}

// abortDistributed(exitCode): ends every rank of the job now (MPI_Abort), for a rank that failed.
Napi::Value abortDistributed(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    abortMpi(intArg(info[0], "exitCode", 0, 255));
    return info.Env().Undefined();
  });
}

// finalizeDistributed(): MPI_Finalize at the end of a run (every rank calls it).
Napi::Value finalizeDistributed(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    nccl.reset();
    active = nullptr;
    finalizeMpi();
    return info.Env().Undefined();
  });
}

}  // namespace

Collective* distributedCollective() { return active; }

void defineDistributed(Napi::Env env, Napi::Object exports) {
  exports.Set("distributedInfo", Napi::Function::New(env, distributedInfo));
  exports.Set("startDistributed", Napi::Function::New(env, startDistributed));
  exports.Set("gatherDistributed", Napi::Function::New(env, gatherDistributed));
  exports.Set("abortDistributed", Napi::Function::New(env, abortDistributed));
  exports.Set("finalizeDistributed", Napi::Function::New(env, finalizeDistributed));
}

}  // namespace wgan
