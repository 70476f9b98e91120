// Errors thrown by the core; the N-API binding turns each into a JS Error with a stable `code`.
#pragma once
#include <stdexcept>
#include <string>

namespace wgan {

enum class ErrorCode {
  InvalidArgument,  // a value of the wrong type or outside its range
  ShapeMismatch,    // a buffer whose length does not fit the declared shapes
  InvalidModel,     // a layer spec or layer sequence that cannot be built
  NonFinite,        // NaN or Infinity where finite numbers are required
  Unsupported,      // a valid request this build or device cannot serve
  Disposed,         // a call on a model whose native memory was released
  Busy,             // a call on a model that background work is using
};

const char* errorCodeName(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string& message) { throw Error(code, message); }

}  // namespace wgan
