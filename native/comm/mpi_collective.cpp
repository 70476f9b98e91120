#include "mpi_collective.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "../core/errors.h"
#include "mpi_library.h"

namespace wgan {

namespace {

// The entry points and handles used, for one ABI family: Handle is the type of a communicator, data type,
// operation or error handler (Open MPI: a pointer; MPICH: an int), Request the type of a request.
template <class Handle, class Request>
struct MpiApi {
  using HandleType = Handle;
  using RequestType = Request;
  int (*initialized)(int*);
  int (*initThread)(int*, char***, int, int*);
  int (*commRank)(Handle, int*);
  int (*commSize)(Handle, int*);
  int (*setErrhandler)(Handle, Handle);
  int (*iallreduce)(const void*, void*, int, Handle, Handle, Handle, Request*);
  int (*ibcast)(void*, int, Handle, int, Handle, Request*);
  int (*isend)(const void*, int, Handle, int, int, Handle, Request*);
  int (*irecv)(void*, int, Handle, int, int, Handle, Request*);
  int (*test)(Request*, int*, void*);
  int (*errorString)(int, char*, int*);
  int (*abort)(Handle, int);
  int (*finalize)();
  Handle world, floatType, doubleType, intType, byteType, sum, errorsReturn;
  void* inPlace;
  void* statusIgnore;
};

using OpenMpiApi = MpiApi<void*, void*>;
using MpichApi = MpiApi<int, int>;

template <class Api>
void resolveFunctions(void* handle, Api& api) {
  const char* missing = nullptr;
  SymbolResolver resolve(handle, missing);
  resolve(api.initialized, "MPI_Initialized");
  resolve(api.initThread, "MPI_Init_thread");
  resolve(api.commRank, "MPI_Comm_rank");
  resolve(api.commSize, "MPI_Comm_size");
  resolve(api.setErrhandler, "MPI_Comm_set_errhandler");
  resolve(api.iallreduce, "MPI_Iallreduce");
  resolve(api.ibcast, "MPI_Ibcast");
  resolve(api.isend, "MPI_Isend");
  resolve(api.irecv, "MPI_Irecv");
  resolve(api.test, "MPI_Test");
  resolve(api.errorString, "MPI_Error_string");
  resolve(api.abort, "MPI_Abort");
  resolve(api.finalize, "MPI_Finalize");
  if (missing)
    fail(ErrorCode::Distributed, std::string("the MPI library ") + findMpi().found.path + " lacks " + missing +
                                     " (wgan-gp needs MPI 3.0 or newer)");
}

// Open MPI: the predefined handles are the addresses of global structs (mpi.h's OMPI_PREDEFINED_GLOBAL).
OpenMpiApi openMpiApi(void* handle) {
  OpenMpiApi api{};
  resolveFunctions(handle, api);
  const char* missing = nullptr;
  SymbolResolver symbol(handle, missing);
  const std::pair<void**, const char*> globals[] = {
      {&api.world, "ompi_mpi_comm_world"}, {&api.floatType, "ompi_mpi_float"}, {&api.doubleType, "ompi_mpi_double"},
      {&api.intType, "ompi_mpi_int"},      {&api.byteType, "ompi_mpi_byte"},   {&api.sum, "ompi_mpi_op_sum"},
      {&api.errorsReturn, "ompi_mpi_errors_return"}};
  for (const auto& [slot, name] : globals) symbol(*slot, name);
  if (missing) fail(ErrorCode::Distributed, "the Open MPI library " + findMpi().found.path + " lacks " + missing);
  api.inPlace = reinterpret_cast<void*>(1);  // MPI_IN_PLACE
  api.statusIgnore = nullptr;                // MPI_STATUS_IGNORE
  return api;
}

// MPICH's ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH): the constants of its mpi.h.
MpichApi mpichApi(void* handle) {
  MpichApi api{};
  resolveFunctions(handle, api);
  api.world = 0x44000000;         // MPI_COMM_WORLD
  api.floatType = 0x4c00040a;     // MPI_FLOAT
  api.doubleType = 0x4c00080b;    // MPI_DOUBLE
  api.intType = 0x4c000405;       // MPI_INT
  api.byteType = 0x4c00010d;      // MPI_BYTE
  api.sum = 0x58000003;           // MPI_SUM
  api.errorsReturn = 0x54000001;  // MPI_ERRORS_RETURN
  api.inPlace = reinterpret_cast<void*>(-1);
  api.statusIgnore = reinterpret_cast<void*>(1);
  return api;
}

constexpr int kThreadSerialized = 2, kThreadMultiple = 3;  // the same in both families
constexpr int kGatherTag = 7101, kProbeTag = 7102;
constexpr size_t kChunk = size_t(1) << 30;  // MPI counts are int

using Clock = std::chrono::steady_clock;

template <class Api>
class MpiCollective final : public Collective {
  using Handle = typename Api::HandleType;
  using Request = typename Api::RequestType;

 public:
  MpiCollective(Api api, double timeout) : api_(api), timeout_(timeout) {
    int started = 0;
    api_.initialized(&started);
    int provided = 0;
    if (!started) check(api_.initThread(nullptr, nullptr, kThreadMultiple, &provided), "MPI_Init_thread");
    else provided = kThreadMultiple;  // started by the embedding program: its choice
    if (provided < kThreadSerialized)
      fail(ErrorCode::Distributed, "MPI provides thread level " + std::to_string(provided) +
                                       "; wgan-gp needs MPI_THREAD_SERIALIZED (its steps run on worker threads)");
    check(api_.setErrhandler(api_.world, api_.errorsReturn), "MPI_Comm_set_errhandler");
    check(api_.commRank(api_.world, &rank_), "MPI_Comm_rank");
    check(api_.commSize(api_.world, &size_), "MPI_Comm_size");
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  const char* engine() const override { return "mpi"; }
  bool recordable() const override { return false; }
  void setTimeout(double seconds) { timeout_ = seconds; }

  void allReduceSum(float* data, size_t count, double weight) override { reduceSum(data, count, weight, api_.floatType); }
  void allReduceSum(double* data, size_t count, double weight) override { reduceSum(data, count, weight, api_.doubleType); }

  void broadcast(void* data, size_t bytes, int root) override {
    std::vector<RequestSlot> requests;
    for (size_t at = 0; at < bytes; at += kChunk) {
      requests.emplace_back();
      check(api_.ibcast(static_cast<char*>(data) + at, static_cast<int>(std::min(kChunk, bytes - at)), api_.byteType, root,
                        api_.world, &requests.back().request),
            "MPI_Ibcast");
    }
    waitAll(requests, "a broadcast from rank " + std::to_string(root));
  }

  // Point to point, so that a rank whose value does not come is known by name.
  std::vector<int> allGather(int value, const std::string& what) override {
    // Members, not locals: after a failure, requests still posted may complete into them.
    std::vector<int>& values = gathered_;
    values.assign(size_, 0);
    values[rank_] = gatherSent_ = value;
    std::vector<RequestSlot> sends, receives;
    for (int peer = 0; peer < size_; ++peer) {
      if (peer == rank_) continue;
      sends.emplace_back();
      check(api_.isend(&gatherSent_, 1, api_.intType, peer, kGatherTag, api_.world, &sends.back().request), "MPI_Isend");
      receives.emplace_back();
      receives.back().peer = peer;
      check(api_.irecv(&values[peer], 1, api_.intType, peer, kGatherTag, api_.world, &receives.back().request), "MPI_Irecv");
    }
    const auto deadline = Clock::now() + seconds(timeout_);
    std::vector<int> missing = waitUntil(receives, deadline);
    if (!missing.empty()) lost(what, "got no answer within " + describeSeconds(timeout_), missing);
    waitAll(sends, what);
    return values;
  }

  void abortJob(int code) { api_.abort(api_.world, code); }
  void finalize() { api_.finalize(); }

 private:
  struct RequestSlot {
    Request request{};
    int peer = -1;
    bool done = false;
    bool posted = true;  // false: posting it failed (that peer counts as not answering)
  };

  static Clock::duration seconds(double s) { return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)); }
  static std::string describeSeconds(double s) {
    const long long whole = static_cast<long long>(s);
    return (whole == s ? std::to_string(whole) : std::to_string(s)) + " s (the fault timeout)";  // "45 s (the fault timeout)"
  }

  // Scales this rank's values on the host, then sums them over the ranks.
  template <class T>
  void reduceSum(T* data, size_t count, double weight, Handle type) {
    if (weight != 1) {
      const T w = static_cast<T>(weight);
      for (size_t i = 0; i < count; ++i) data[i] *= w;
    }
    std::vector<RequestSlot> requests;
    for (size_t at = 0; at < count; at += kChunk) {
      requests.emplace_back();
      check(api_.iallreduce(api_.inPlace, data + at, static_cast<int>(std::min(kChunk, count - at)), type, api_.sum, api_.world,
                            &requests.back().request),
            "MPI_Iallreduce");
    }
    waitAll(requests, "an all-reduce of " + std::to_string(count) + " values");
  }

  // Waits for every request; past the deadline or on an MPI error, names the ranks that stopped answering.
  void waitAll(std::vector<RequestSlot>& requests, const std::string& what) {
    const auto deadline = Clock::now() + seconds(timeout_);
    if (!waitUntil(requests, deadline).empty()) lost(what, "did not complete within " + describeSeconds(timeout_), {});
  }

  // The peers of the requests that did not complete by the deadline (-1 for requests of no one peer).
  std::vector<int> waitUntil(std::vector<RequestSlot>& requests, Clock::time_point deadline) {
    for (long spins = 0;; ++spins) {
      bool all = true;
      for (RequestSlot& r : requests) {
        if (r.done) continue;
        int flag = 0;
        const int rc = api_.test(&r.request, &flag, api_.statusIgnore);
        if (rc != 0) lost("an exchange", "failed with an MPI error (" + errorText(rc) + ")", {r.peer});
        r.done = flag != 0;
        all = all && r.done;
      }
      if (all) return {};
      if (Clock::now() > deadline) {
        std::vector<int> missing;
        for (const RequestSlot& r : requests)
          if (!r.done) missing.push_back(r.peer);
        return missing;
      }
      // Spin briefly (an all-reduce on one machine takes microseconds), then yield the core to the other ranks.
      if (spins > 2000) std::this_thread::sleep_for(std::chrono::microseconds(spins > 20000 ? 1000 : 50));
    }
  }

  // Fails naming the ranks that do not answer: those already known, else the ones that do not answer a
  // probe every surviving rank sends once it times out too (within the probe window).
  [[noreturn]] void lost(const std::string& what, const std::string& why, std::vector<int> missing) {
    missing.erase(std::remove(missing.begin(), missing.end(), -1), missing.end());
    if (missing.empty()) missing = unansweredProbe(std::min(timeout_, 15.0));
    std::string ranks;
    for (int r : missing) ranks += (ranks.empty() ? "" : ", ") + std::to_string(r);
    fail(ErrorCode::Distributed,
         "rank " + std::to_string(rank_) + " of " + std::to_string(size_) + ": " + what + " " + why + "; " +
             (missing.empty() ? std::string("every rank answered a probe afterwards, so one fell behind by more than the fault timeout")
                              : (missing.size() == 1 ? "lost rank " : "lost ranks ") + ranks + " (killed, hung or disconnected)"));
  }

  std::vector<int> unansweredProbe(double window) {
    static char out = 1;
    static std::vector<char> in;  // requests of a failed run may complete into it: it outlives them
    in.assign(size_, 0);
    std::vector<RequestSlot> sends, receives;
    for (int peer = 0; peer < size_; ++peer) {
      if (peer == rank_) continue;
      sends.emplace_back();
      if (api_.isend(&out, 1, api_.byteType, peer, kProbeTag, api_.world, &sends.back().request) != 0) sends.pop_back();
      receives.emplace_back();
      receives.back().peer = peer;
      receives.back().posted = api_.irecv(&in[peer], 1, api_.byteType, peer, kProbeTag, api_.world, &receives.back().request) == 0;
    }
    const auto deadline = Clock::now() + seconds(window);
    std::vector<int> missing;
    for (;;) {
      bool all = true;
      for (RequestSlot& r : receives) {
        if (r.done || !r.posted) continue;
        int flag = 0;
        if (api_.test(&r.request, &flag, api_.statusIgnore) == 0 && flag) r.done = true;
        all = all && r.done;
      }
      if (all || Clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (const RequestSlot& r : receives)
      if (!r.done) missing.push_back(r.peer);
    return missing;
  }

  std::string errorText(int rc) {
    std::vector<char> text(4096, 0);
    int length = 0;
    if (api_.errorString(rc, text.data(), &length) != 0) return "code " + std::to_string(rc);
    return text.data();
  }

  void check(int rc, const char* call) {
    if (rc != 0) fail(ErrorCode::Distributed, std::string(call) + " failed on rank " + std::to_string(rank_) + ": " + errorText(rc));
  }

  Api api_;
  double timeout_;
  int rank_ = -1, size_ = 0;
  std::vector<int> gathered_;
  int gatherSent_ = 0;
};

// The one collective of the process and its controls, for either family.
struct Started {
  std::unique_ptr<Collective> collective;
  void (*setTimeout)(Collective&, double);
  void (*abort)(Collective&, int);
  void (*finalize)(Collective&);
};

template <class Api>
Started start(Api api, double timeout) {
  using C = MpiCollective<Api>;
  return {std::make_unique<C>(api, timeout), [](Collective& c, double s) { static_cast<C&>(c).setTimeout(s); },
          [](Collective& c, int code) { static_cast<C&>(c).abortJob(code); },
          [](Collective& c) { static_cast<C&>(c).finalize(); }};
}

Started& started() {
  static Started s{};
  return s;
}

}  // namespace

Collective& startMpi(double faultTimeoutSeconds) {
  Started& s = started();
  if (s.collective) {
    s.setTimeout(*s.collective, faultTimeoutSeconds);
    return *s.collective;
  }
  const MpiLibrary& lib = findMpi();
  if (!lib.found.loaded) fail(ErrorCode::Distributed, "MPI: " + lib.found.error);
  s = lib.abi == MpiAbi::OpenMpi ? start(openMpiApi(lib.found.handle), faultTimeoutSeconds)
                                 : start(mpichApi(lib.found.handle), faultTimeoutSeconds);
  return *s.collective;
}

Collective* runningMpi() { return started().collective.get(); }

void abortMpi(int exitCode) {
  Started& s = started();
  if (s.collective) s.abort(*s.collective, exitCode);
}

void finalizeMpi() {
  Started& s = started();
  if (s.collective) s.finalize(*s.collective);
}

}  // namespace wgan
