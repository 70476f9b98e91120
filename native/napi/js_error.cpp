#include "js_error.h"

namespace wgan {

Napi::Error jsError(Napi::Env env, ErrorCode code, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, errorCodeName(code)));
  return err;
}

}  // namespace wgan
