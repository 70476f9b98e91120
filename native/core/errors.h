// Errors thrown by the core; the N-API binding turns each into a JS Error with a stable `code`.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace wgan {

enum class ErrorCode {
  InvalidArgument,  // a value of the wrong type or outside its range
  ShapeMismatch,    // a buffer whose length does not fit the declared shapes
  InvalidModel,     // a layer spec or layer sequence that cannot be built
  NonFinite,        // NaN or Infinity where finite numbers are required
  Unsupported,      // a valid request this build or device cannot serve
  Disposed,         // a call on a model whose native memory was released
  Busy,             // a call on a model that background work is using
  OutOfMemory,      // an allocation failed (std::bad_alloc, host or device)
  Distributed,      // a multi-process run failed: MPI/NCCL missing or failing, a rank lost or failed
  Internal,         // any other C++ exception: a bug. Keep it last: errorCodeNames() counts up to it
};

const char* errorCodeName(ErrorCode code);
// Every code a JS error from the addon can carry, in enum order (runtimeInfo().errorCodes).
std::vector<std::string> errorCodeNames();

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string& message) { throw Error(code, message); }

}  // namespace wgan
