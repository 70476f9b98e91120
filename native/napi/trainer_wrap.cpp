#include "trainer_wrap.h"

#include "args.h"
#include "background_work.h"
#include "distributed_wrap.h"
#include "js_error.h"

namespace wgan {

namespace {

// A conditional iteration's stats add its ACGAN terms.
Napi::Array statsToJs(Napi::Env env, const std::vector<IterationStats>& stats, bool conditional) {
  Napi::Array out = Napi::Array::New(env, stats.size());
  for (size_t i = 0; i < stats.size(); ++i) {
    const IterationStats& s = stats[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("criticLoss", s.criticLoss);
    o.Set("wasserstein", s.wasserstein);
    o.Set("penalty", s.penalty);
    o.Set("gradNormMean", s.gradNormMean);
    o.Set("generatorLoss", s.generatorLoss);
    o.Set("criticStepMs", s.criticStepMs);
    o.Set("generatorStepMs", s.generatorStepMs);
    o.Set("allReduceMs", s.allReduceMs);
    o.Set("finite", s.finite);
    if (conditional) {
      o.Set("classifierLoss", s.classifierLoss);
      o.Set("classifierAccuracy", s.classifierAccuracy);
      o.Set("generatorClassifierLoss", s.generatorClassifierLoss);
    }
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

}  // namespace

Napi::Function TrainerWrap::define(Napi::Env env) {
  return DefineClass(env, "NativeTrainer",
                     {InstanceMethod("run", &TrainerWrap::run), InstanceMethod("evaluate", &TrainerWrap::evaluate),
                      InstanceMethod("getRngState", &TrainerWrap::getRngState),
                      InstanceMethod("setRngState", &TrainerWrap::setRngState),
                      InstanceMethod("setLearningRate", &TrainerWrap::setLearningRate),
                      InstanceMethod("getEma", &TrainerWrap::getEma), InstanceMethod("setEma", &TrainerWrap::setEma),
                      InstanceMethod("shard", &TrainerWrap::shard)});
}

// new NativeTrainer(generator, critic, { batch, generatorBatch?, criticIters, lambda, acganScale?, acganScaleG?, seed,
// adamG, adamD, device, cudaGraph, ema, distributed, syncBatchNorm }); the ACGAN weights apply to a conditional pair (core/wgan_iteration.h).
// device 'cuda' trains on copies of both models on the GPU (core/trainable_model.h keeps them in step with
// the host models); cudaGraph (default true) replays each iteration as a CUDA graph. distributed: one rank of the
// session startDistributed began (batches are the global ones; run() and evaluate() take this rank's shard()).
TrainerWrap::TrainerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainerWrap>(info) {
  guarded(info.Env(), [&]() -> Napi::Value {
    generator_ = ModelWrap::unwrap(info[0], "generator");
    critic_ = ModelWrap::unwrap(info[1], "critic");
    if (generator_ == critic_) fail(ErrorCode::InvalidArgument, "generator and critic must be two different models");
    Napi::Object o = objectArg(info[2], "options");
    onlyKeys(o, "options", {"batch", "generatorBatch", "criticIters", "lambda", "acganScale", "acganScaleG", "seed", "adamG",
                            "adamD", "device", "cudaGraph", "ema", "distributed", "syncBatchNorm"});
    WganOptions w;
    w.batch = intArg(o.Get("batch"), "options.batch", 1, kMaxBatch);
    w.generatorBatch = o.Get("generatorBatch").IsUndefined() ? w.batch : intArg(o.Get("generatorBatch"), "options.generatorBatch", 1, kMaxBatch);
    w.criticIters = intArg(o.Get("criticIters"), "options.criticIters", 1, 1000);
    w.lambda = static_cast<float>(numberArg(o.Get("lambda"), "options.lambda", 0, 1e6));
    if (!o.Get("acganScale").IsUndefined()) w.acganScale = numberArg(o.Get("acganScale"), "options.acganScale", 0, 1e6);
    if (!o.Get("acganScaleG").IsUndefined()) w.acganScaleG = numberArg(o.Get("acganScaleG"), "options.acganScaleG", 0, 1e6);
    if (!o.Get("cudaGraph").IsUndefined()) w.replay = boolArg(o.Get("cudaGraph"), "options.cudaGraph");
    const double seed = numberArg(o.Get("seed"), "options.seed", 0, 9007199254740991.0);
    onCuda_ = deviceArg(o.Get("device"));
    if (!o.Get("distributed").IsUndefined() && boolArg(o.Get("distributed"), "options.distributed")) {
      w.collective = distributedCollective();
      if (!w.collective) fail(ErrorCode::InvalidArgument, "options.distributed: no distributed session is running (startDistributed first)");
      if (onCuda_ != (std::string(w.collective->engine()) == "nccl"))
        fail(ErrorCode::Unsupported, std::string("options.distributed: the '") + w.collective->engine() + "' engine all-reduces " +
                                         (onCuda_ ? "host memory; GPU ranks use 'nccl'" : "GPU memory; CPU ranks use 'mpi'"));
    }
    if (!o.Get("syncBatchNorm").IsUndefined()) w.syncBatchNorm = boolArg(o.Get("syncBatchNorm"), "options.syncBatchNorm");
    Sequential* g = &generator_->use().host();
    Sequential* d = &critic_->use().host();
    Adam* adamG = &generator_->use().adam(parseAdamOptions(o.Get("adamG"), "options.adamG"));
    Adam* adamD = &critic_->use().adam(parseAdamOptions(o.Get("adamD"), "options.adamD"));
    adamG->setOptions(parseAdamOptions(o.Get("adamG"), "options.adamG"));
    adamD->setOptions(parseAdamOptions(o.Get("adamD"), "options.adamD"));
    if (onCuda_) {
      Device& cuda = cudaDevice();
      DeviceCopy& gCopy = generator_->use().onDevice(cuda);
      DeviceCopy& dCopy = critic_->use().onDevice(cuda);
      g = &gCopy.model();
      d = &dCopy.model();
      adamG = &gCopy.adam();
      adamD = &dCopy.adam();
    }
    rng_ = std::make_unique<Rng>(static_cast<uint64_t>(seed));
    iteration_ = std::make_unique<WganIteration>(*g, *d, *adamG, *adamD, *rng_, w);
    if (!o.Get("ema").IsUndefined()) {
      Napi::Object e = objectArg(o.Get("ema"), "options.ema");
      onlyKeys(e, "options.ema", {"halfLifeImages", "rampUp"});
      EmaOptions ema;
      ema.halfLifeImages = numberArg(e.Get("halfLifeImages"), "options.ema.halfLifeImages", 1, 1e12);
      if (!e.Get("rampUp").IsUndefined()) ema.rampUp = numberArg(e.Get("rampUp"), "options.ema.rampUp", 0, 1e6);
      iteration_->setEma(std::make_unique<GeneratorEma>(*g, ema));
    }
    generatorRef_ = Napi::Persistent(info[0].As<Napi::Object>());
    criticRef_ = Napi::Persistent(info[1].As<Napi::Object>());
    return info.Env().Undefined();
  });
}

std::vector<int32_t> TrainerWrap::realLabels(const Napi::Value& v, long long count) {
  const int classes = iteration_->classes();
  if (!classes) {
    if (!v.IsUndefined())
      fail(ErrorCode::InvalidArgument, "labels: the models read no labels (an unconditional generator and a one-output critic)");
    return {};
  }
  if (v.IsUndefined())
    fail(ErrorCode::InvalidArgument, "labels: the models are conditional (" + std::to_string(classes) +
                                         " classes), so the real samples need their labels (an Int32Array)");
  const int32_t* labels = labelsArg(v, "labels", count, classes);
  return std::vector<int32_t>(labels, labels + count);
}

void TrainerWrap::requireIdle() {
  if (running_) fail(ErrorCode::Busy, "the trainer is already running iterations; await the previous run()");
  generator_->requireUsable();
  critic_->requireUsable();
  if (!onCuda_) return;
  // Host changes since the last run (a restored checkpoint, new parameters) go to the device copies.
  generator_->use().onDevice(cudaDevice());
  critic_->use().onDevice(cudaDevice());
}

void TrainerWrap::setRunning(bool running) {
  running_ = running;
  generator_->setBusy(running);
  critic_->setBusy(running);
  if (!running && onCuda_) {
    generator_->use().deviceChanged();
    critic_->use().deviceChanged();
  }
}

// run(real, iterations, labels?): Promise of per-iteration stats, computed off the main thread. real holds (of a
// distributed trainer: this rank's shard() of) iterations × criticIters × batch samples; labels (Int32Array, a
// conditional pair only) their classes. Stops early (fewer stats) at the first iteration with a
// non-finite loss or gradient: the caller decides whether to go on.
Napi::Value TrainerWrap::run(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    const int iterations = intArg(info[1], "iterations", 1, 1 << 20);
    const WganOptions& o = iteration_->options();
    const int rows = iteration_->shard().rows;
    const long long block = static_cast<long long>(o.criticIters) * rows * critic_->use().layout().inSize();
    const float* real = float32Arg(info[0], "real", iterations * block, true);
    auto batches = std::make_shared<std::vector<float>>(real, real + iterations * block);
    const long long labelBlock = static_cast<long long>(o.criticIters) * rows;
    auto labels = std::make_shared<std::vector<int32_t>>(realLabels(info[2], iterations * labelBlock));
    auto stats = std::make_shared<std::vector<IterationStats>>();
    WganIteration* iteration = iteration_.get();
    const bool conditional = iteration->classes() != 0;
    setRunning(true);
    return BackgroundWork::start(
        info.Env(), "training step", {info.This().As<Napi::Object>()},
        [=] {
          for (int i = 0; i < iterations; ++i) {
            stats->push_back(iteration->run(batches->data() + i * block, conditional ? labels->data() + i * labelBlock : nullptr));
            if (!stats->back().finite) break;
          }
        },
        [=](Napi::Env env) { return statsToJs(env, *stats, conditional); }, [this] { setRunning(false); });
  });
}

// evaluate(real, seed, labels?): Promise of the critic loss terms on a held-out real batch (with its labels
// for a conditional pair) against fresh fakes drawn from a separate stream (so evaluating does not change the
// training stream). No parameter changes. Computed off the main thread.
Napi::Value TrainerWrap::evaluate(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    const int inSize = critic_->use().layout().inSize();
    const int rows = iteration_->shard().rows;
    const float* realArg = float32Arg(info[0], "real", static_cast<long long>(rows) * inSize, true);
    auto real = std::make_shared<std::vector<float>>(realArg, realArg + static_cast<size_t>(rows) * inSize);
    const auto seed = static_cast<uint64_t>(numberArg(info[1], "seed", 0, 9007199254740991.0));
    auto labels = std::make_shared<std::vector<int32_t>>(realLabels(info[2], rows));
    auto result = std::make_shared<CriticResult>();
    WganIteration* iteration = iteration_.get();
    const bool conditional = iteration->classes() != 0;
    setRunning(true);
    return BackgroundWork::start(
        info.Env(), "evaluation", {info.This().As<Napi::Object>()},
        [=] { *result = iteration->evaluate(real->data(), seed, conditional ? labels->data() : nullptr); },
        [=](Napi::Env env) -> Napi::Value {
          Napi::Object out = Napi::Object::New(env);
          out.Set("criticLoss", result->loss);
          out.Set("wasserstein", result->wasserstein);
          out.Set("penalty", result->penalty);
          if (conditional) {
            out.Set("classifierLoss", result->classifierLoss);
            out.Set("classifierAccuracy", result->classifierAccuracy);
          }
          return out;
        },
        [this] { setRunning(false); });
  });
}

// shard(): { offset, rows }, this rank's block of each global batch (of a trainer not distributed: { 0, batch }),
// the rows run() and evaluate() take (core/shard.h says how a batch splits).
Napi::Value TrainerWrap::shard(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("offset", iteration_->shard().offset);
    out.Set("rows", iteration_->shard().rows);
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
    generator_->use().setLearningRate(lr);
    critic_->use().setLearningRate(lr);
    return info.Env().Undefined();
  });
}

// getEma(): { params, state, images } of the generator's moving average (null without one).
Napi::Value TrainerWrap::getEma(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    GeneratorEma* ema = iteration_->ema();
    if (!ema) return info.Env().Null();
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("params", hostArray(info.Env(), ema->params()));
    out.Set("state", hostArray(info.Env(), ema->state()));
    out.Set("images", ema->images());
    return out;
  });
}

// setEma({ params, state, images }): restores the moving average (from a checkpoint).
Napi::Value TrainerWrap::setEma(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    requireIdle();
    GeneratorEma* ema = iteration_->ema();
    if (!ema) fail(ErrorCode::InvalidArgument, "setEma: the trainer was made without options.ema");
    Napi::Object o = objectArg(info[0], "ema");
    onlyKeys(o, "ema", {"params", "state", "images"});
    ema->params().upload(float32Arg(o.Get("params"), "ema.params", static_cast<long long>(ema->params().size()), true));
    ema->state().upload(float32Arg(o.Get("state"), "ema.state", static_cast<long long>(ema->state().size()), true));
    ema->setImages(numberArg(o.Get("images"), "ema.images", 0, 9007199254740991.0));
    return info.Env().Undefined();
  });
}

}  // namespace wgan
