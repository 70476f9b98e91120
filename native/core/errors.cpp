#include "errors.h"

namespace wgan {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "ERR_INVALID_ARGUMENT";
    case ErrorCode::ShapeMismatch: return "ERR_SHAPE_MISMATCH";
    case ErrorCode::InvalidModel: return "ERR_INVALID_MODEL";
    case ErrorCode::NonFinite: return "ERR_NON_FINITE";
    case ErrorCode::Unsupported: return "ERR_UNSUPPORTED";
    case ErrorCode::Disposed: return "ERR_DISPOSED";
    case ErrorCode::Busy: return "ERR_BUSY";
    case ErrorCode::OutOfMemory: return "ERR_OUT_OF_MEMORY";
    case ErrorCode::Distributed: return "ERR_DISTRIBUTED";
    case ErrorCode::Internal: return "ERR_INTERNAL";
  }
  return "ERR_INTERNAL";
}

std::vector<std::string> errorCodeNames() {
  std::vector<std::string> names;
  for (int c = 0; c <= static_cast<int>(ErrorCode::Internal); ++c) names.push_back(errorCodeName(static_cast<ErrorCode>(c)));
  return names;
}

}  // namespace wgan
