#include "trainer_wrap.h"

#include "args.h"
#include "js_error.h"

namespace wgan {

// Runs `iterations` WGAN-GP iterations on a copy of the real batches, off the main thread.
class IterationWorker : public Napi::AsyncWorker {
 public:
  IterationWorker(Napi::Env env, TrainerWrap& trainer, const float* real, size_t count, int iterations)
      : Napi::AsyncWorker(env), trainer_(trainer), real_(real, real + count), iterations_(iterations),
        deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    const WganIteration& it = *trainer_.iteration_;
    const size_t block = static_cast<size_t>(it.options().criticIters) * it.options().batch * trainer_.critic_->modelOrNull()->inSize();
    try {
      for (int i = 0; i < iterations_; ++i) {
        stats_.push_back(trainer_.iteration_->run(real_.data() + i * block));
        if (!stats_.back().finite) break;  // the caller decides whether to go on
      }
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }

  void OnOK() override {
    release();
    Napi::Env env = Env();
    Napi::Array out = Napi::Array::New(env, stats_.size());
    for (size_t i = 0; i < stats_.size(); ++i) {
      const IterationStats& s = stats_[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("criticLoss", s.criticLoss);
      o.Set("wasserstein", s.wasserstein);
      o.Set("penalty", s.penalty);
      o.Set("gradNormMean", s.gradNormMean);
      o.Set("generatorLoss", s.generatorLoss);
      o.Set("criticStepMs", s.criticStepMs);
      o.Set("generatorStepMs", s.generatorStepMs);
      o.Set("finite", s.finite);
      out.Set(static_cast<uint32_t>(i), o);
    }
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& e) override {
    release();
    Napi::Error err = Napi::Error::New(Env(), std::string("training step failed: ") + e.Message());
    err.Set("code", Napi::String::New(Env(), "ERR_INTERNAL"));
    deferred_.Reject(err.Value());
  }

 private:
  void release() {
    trainer_.running_ = false;
    trainer_.generator_->setBusy(false);
    trainer_.critic_->setBusy(false);
  }
  TrainerWrap& trainer_;
  std::vector<float> real_;
  int iterations_;
  std::vector<IterationStats> stats_;
  Napi::Promise::Deferred deferred_;
};

Napi::Function TrainerWrap::define(Napi::Env env) {
  return DefineClass(env, "NativeTrainer",
                     {InstanceMethod("run", &TrainerWrap::run), InstanceMethod("evaluate", &TrainerWrap::evaluate),
                      InstanceMethod("getRngState", &TrainerWrap::getRngState),
                      InstanceMethod("setRngState", &TrainerWrap::setRngState),
                      InstanceMethod("setLearningRate", &TrainerWrap::setLearningRate)});
}

// new NativeTrainer(generator, critic, { batch, criticIters, lambda, seed, adamG, adamD })
TrainerWrap::TrainerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainerWrap>(info) {
  guarded(info.Env(), [&]() -> Napi::Value {
    generator_ = ModelWrap::unwrap(info[0], "generator");
    critic_ = ModelWrap::unwrap(info[1], "critic");
    if (generator_ == critic_) fail(ErrorCode::InvalidArgument, "generator and critic must be two different models");
    Napi::Object o = objectArg(info[2], "options");
    onlyKeys(o, "options", {"batch", "criticIters", "lambda", "seed", "adamG", "adamD"});
    WganOptions w;
    w.batch = intArg(o.Get("batch"), "options.batch", 1, 1 << 16);
    w.criticIters = intArg(o.Get("criticIters"), "options.criticIters", 1, 1000);
    w.lambda = static_cast<float>(numberArg(o.Get("lambda"), "options.lambda", 0, 1e6));
    const double seed = numberArg(o.Get("seed"), "options.seed", 0, 9007199254740991.0);
    Sequential& g = generator_->model();
    Sequential& d = critic_->model();
    Adam& adamG = generator_->adam(parseAdamOptions(o.Get("adamG"), "options.adamG"));
    Adam& adamD = critic_->adam(parseAdamOptions(o.Get("adamD"), "options.adamD"));
    adamG.setOptions(parseAdamOptions(o.Get("adamG"), "options.adamG"));
    adamD.setOptions(parseAdamOptions(o.Get("adamD"), "options.adamD"));
    rng_ = std::make_unique<Rng>(static_cast<uint64_t>(seed));
    iteration_ = std::make_unique<WganIteration>(g, d, adamG, adamD, *rng_, w);
    generatorRef_ = Napi::Persistent(info[0].As<Napi::Object>());
    criticRef_ = Napi::Persistent(info[1].As<Napi::Object>());
    return info.Env().Undefined();
  });
}

void TrainerWrap::requireIdle() {
  if (running_) fail(ErrorCode::Busy, "the trainer is already running iterations; await the previous run()");
  generator_->model();  // throws ERR_DISPOSED / ERR_BUSY
  critic_->model();
}

// run(real, iterations): Promise of per-iteration stats. real holds iterations × criticIters × batch
// samples. Stops early (fewer stats) at the first iteration with a non-finite loss or gradient.
Napi::Value TrainerWrap::run(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    const int iterations = intArg(info[1], "iterations", 1, 1 << 20);
    const WganOptions& o = iteration_->options();
    const long long count = static_cast<long long>(iterations) * o.criticIters * o.batch * critic_->model().inSize();
    const float* real = float32Arg(info[0], "real", count, true);
    auto* worker = new IterationWorker(info.Env(), *this, real, static_cast<size_t>(count), iterations);
    running_ = true;
    generator_->setBusy(true);
    critic_->setBusy(true);
    Napi::Promise promise = worker->promise();
    worker->Queue();
    return promise;
  });
}

// evaluate(real, seed): the critic loss terms on a held-out real batch against fresh fakes drawn from
// a separate stream (so evaluating does not change the training stream). No parameter changes.
Napi::Value TrainerWrap::evaluate(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    const WganOptions& o = iteration_->options();
    Sequential& g = generator_->model();
    Sequential& d = critic_->model();
    const float* real = float32Arg(info[0], "real", static_cast<long long>(o.batch) * d.inSize(), true);
    Rng rng(static_cast<uint64_t>(numberArg(info[1], "seed", 0, 9007199254740991.0)));
    std::vector<float> z(static_cast<size_t>(o.batch) * g.inSize()), eps(o.batch);
    rng.normal(z.data(), static_cast<long long>(z.size()));
    rng.uniform(eps.data(), o.batch);
    const float* fakeOut = generate(g, z.data(), o.batch);
    std::vector<float> fake(fakeOut, fakeOut + static_cast<size_t>(o.batch) * d.inSize());
    std::vector<float> keepGrads = d.grads();
    const CriticResult r = critic_->criticStep().run(real, fake.data(), eps.data(), o.batch, o.lambda);
    d.grads() = keepGrads;
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("criticLoss", r.loss);
    out.Set("wasserstein", r.wasserstein);
    out.Set("penalty", r.penalty);
    return out;
  });
}

Napi::Value TrainerWrap::getRngState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("key", Napi::BigInt::New(info.Env(), static_cast<uint64_t>(rng_->key())));
    out.Set("counter", Napi::BigInt::New(info.Env(), static_cast<uint64_t>(rng_->counter())));
    return out;
  });
}

Napi::Value TrainerWrap::setRngState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    Napi::Object o = objectArg(info[0], "state");
    auto big = [&](const char* key) {
      Napi::Value v = o.Get(key);
      if (!v.IsBigInt()) fail(ErrorCode::InvalidArgument, std::string("state.") + key + " must be a bigint");
      bool lossless = false;
      const uint64_t value = v.As<Napi::BigInt>().Uint64Value(&lossless);
      if (!lossless) fail(ErrorCode::InvalidArgument, std::string("state.") + key + " must fit in 64 bits");
      return value;
    };
    rng_->setState(big("key"), big("counter"));
    return info.Env().Undefined();
  });
}

// setLearningRate(lr): the Adam step size of both models from the next iteration on (for a schedule).
Napi::Value TrainerWrap::setLearningRate(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    const float lr = static_cast<float>(numberArg(info[0], "lr", 0, 10));
    for (ModelWrap* m : {generator_, critic_}) {
      Adam& adam = m->adam(AdamOptions{});
      AdamOptions options = adam.options();
      options.lr = lr;
      adam.setOptions(options);
    }
    return info.Env().Undefined();
  });
}

}  // namespace wgan
