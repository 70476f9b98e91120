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
    Napi::Error err = Napi::Error::New(env, "out of memory");
    err.Set("code", Napi::String::New(env, "ERR_OUT_OF_MEMORY"));
    throw err;
  } catch (const std::exception& e) {
    Napi::Error err = Napi::Error::New(env, std::string("internal error: ") + e.what());
    err.Set("code", Napi::String::New(env, "ERR_INTERNAL"));
    throw err;
  }
}

}  // namespace wgan
