// Turning core errors into JS errors that carry a stable `code`, and a guard for every entry point.
#pragma once
#include <napi.h>

#include "../core/errors.h"

namespace wgan {

Napi::Error jsError(Napi::Env env, ErrorCode code, const std::string& message);

// Runs body(); a wgan::Error becomes a JS Error with its code, any other C++ exception ERR_INTERNAL.
template <class Body>
Napi::Value guarded(Napi::Env env, Body&& body) {
  try {
    return body();
  } catch (const Error& e) {
    throw jsError(env, e.code(), e.what());
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw jsError(env, ErrorCode::OutOfMemory, "out of memory");
  } catch (const std::exception& e) {
    throw jsError(env, ErrorCode::Internal, std::string("internal error: ") + e.what());
  }
}

}  // namespace wgan
