// Long native work off the main thread: an AsyncWorker that runs `work` on a libuv thread and settles
// a promise with `result` (built on the main thread). `release` runs first either way, so busy flags
// clear before the caller's continuation runs. The JS objects in `keepAlive` are not collected meanwhile.
#pragma once
#include <napi.h>

#include <functional>
#include <string>
#include <vector>

namespace wgan {

class BackgroundWork : public Napi::AsyncWorker {
 public:
  using Work = std::function<void()>;
  using Result = std::function<Napi::Value(Napi::Env)>;
  using Release = std::function<void()>;

  // Queues the work and returns its promise. `what` names it in error messages.
  static Napi::Promise start(Napi::Env env, std::string what, std::vector<Napi::Object> keepAlive, Work work, Result result,
                             Release release);

  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& e) override;

 private:
  BackgroundWork(Napi::Env env, std::string what, std::vector<Napi::Object> keepAlive, Work work, Result result, Release release);

  std::string what_;
  std::vector<Napi::ObjectReference> keepAlive_;
  Work work_;
  Result result_;
  Release release_;
  std::string code_;  // the error code of a failed Execute()
  Napi::Promise::Deferred deferred_;
};

}  // namespace wgan
