#include "background_work.h"

#include <new>

#include "../core/errors.h"

namespace wgan {

BackgroundWork::BackgroundWork(Napi::Env env, std::string what, std::vector<Napi::Object> keepAlive, Work work, Result result,
                               Release release)
    : Napi::AsyncWorker(env), what_(std::move(what)), work_(std::move(work)), result_(std::move(result)),
      release_(std::move(release)), deferred_(Napi::Promise::Deferred::New(env)) {
  for (const Napi::Object& o : keepAlive) keepAlive_.push_back(Napi::Persistent(o));
}

Napi::Promise BackgroundWork::start(Napi::Env env, std::string what, std::vector<Napi::Object> keepAlive, Work work, Result result,
                                    Release release) {
  auto* worker = new BackgroundWork(env, std::move(what), std::move(keepAlive), std::move(work), std::move(result), std::move(release));
  Napi::Promise promise = worker->deferred_.Promise();
  worker->Queue();  // the worker deletes itself once settled
  return promise;
}

void BackgroundWork::Execute() {
  try {
    work_();
  } catch (const Error& e) {
    code_ = errorCodeName(e.code());
    SetError(e.what());
  } catch (const std::bad_alloc&) {
    code_ = errorCodeName(ErrorCode::OutOfMemory);
    SetError("out of memory");
  } catch (const std::exception& e) {
    code_ = errorCodeName(ErrorCode::Internal);
    SetError(e.what());
  }
}

void BackgroundWork::OnOK() {
  release_();
  deferred_.Resolve(result_(Env()));
}

void BackgroundWork::OnError(const Napi::Error& e) {
  release_();
  Napi::Error err = Napi::Error::New(Env(), what_ + " failed: " + e.Message());
  err.Set("code", Napi::String::New(Env(), code_));
  deferred_.Reject(err.Value());
}

}  // namespace wgan
