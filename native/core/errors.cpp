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
  }
  return "ERR_INTERNAL";
}

}  // namespace wgan
