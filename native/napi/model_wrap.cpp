#include "model_wrap.h"

#include <algorithm>

#include "../core/generator_step.h"
#include "args.h"
#include "background_work.h"
#include "js_error.h"
#include "spec_parse.h"

namespace wgan {

namespace {

Napi::Array shapeToJs(Napi::Env env, const Shape& s) {
  Napi::Array a = Napi::Array::New(env, s.size());
  for (size_t i = 0; i < s.size(); ++i) a.Set(static_cast<uint32_t>(i), s[i]);
  return a;
}

void requireBatchSize(long long batch, long long perSample, const std::string& name) {
  if (batch * perSample > (1LL << 31))
    fail(ErrorCode::InvalidArgument, name + ": batch of " + std::to_string(batch) + " is too large for this model");
}

}  // namespace

Napi::Function ModelWrap::define(Napi::Env env) {
  return DefineClass(env, "NativeModel",
                     {InstanceMethod("describe", &ModelWrap::describe),
                      InstanceMethod("getParams", &ModelWrap::getParams),
                      InstanceMethod("setParams", &ModelWrap::setParams),
                      InstanceMethod("getState", &ModelWrap::getState),
                      InstanceMethod("setState", &ModelWrap::setState),
                      InstanceMethod("getGrads", &ModelWrap::getGrads),
                      InstanceMethod("predict", &ModelWrap::predict),
                      InstanceMethod("predictAsync", &ModelWrap::predictAsync),
                      InstanceMethod("criticLossAndGrads", &ModelWrap::criticLossAndGrads),
                      InstanceMethod("generatorLossAndGrads", &ModelWrap::generatorLossAndGrads),
                      InstanceMethod("classifierLossAndGrads", &ModelWrap::classifierLossAndGrads),
                      InstanceMethod("adamStep", &ModelWrap::adamStep),
                      InstanceMethod("getAdamState", &ModelWrap::getAdamState),
                      InstanceMethod("setAdamState", &ModelWrap::setAdamState),
                      InstanceMethod("layerOps", &ModelWrap::layerOps),
                      InstanceMethod("backwardPaths", &ModelWrap::backwardPaths),
                      InstanceMethod("dispose", &ModelWrap::dispose)});
}

ModelWrap::ModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelWrap>(info) {
  guarded(info.Env(), [&]() -> Napi::Value {
    const ModelSpec spec = parseModelSpec(info[0]);
    uint64_t seed = 0;
    if (!info[1].IsUndefined()) {
      Napi::Object o = objectArg(info[1], "options");
      onlyKeys(o, "options", {"seed"});
      if (!o.Get("seed").IsUndefined()) seed = static_cast<uint64_t>(numberArg(o.Get("seed"), "options.seed", 0, 9007199254740991.0));
    }
    model_ = std::make_unique<TrainableModel>(spec, seed);
    return info.Env().Undefined();
  });
}

ModelWrap* ModelWrap::unwrap(const Napi::Value& v, const std::string& name) {
  if (!v.IsObject()) fail(ErrorCode::InvalidArgument, name + " must be a model");
  // InstanceOf needs the constructor; ObjectWrap::Unwrap returns null for foreign objects.
  napi_value raw = v;
  void* wrapped = nullptr;
  if (napi_unwrap(v.Env(), raw, &wrapped) != napi_ok || !wrapped) fail(ErrorCode::InvalidArgument, name + " must be a model");
  return static_cast<ModelWrap*>(wrapped);
}

void ModelWrap::requireUsable() const {
  if (!model_) fail(ErrorCode::Disposed, "the model has been disposed");
  if (busy_) fail(ErrorCode::Busy, "the model is busy with background work (a training step or predictAsync); await it first");
}

TrainableModel& ModelWrap::use() {
  requireUsable();
  return *model_;
}

Napi::Value ModelWrap::describe(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = use().readHost();
    Napi::Object out = Napi::Object::New(env);
    out.Set("inputShape", shapeToJs(env, m.inputShape()));
    out.Set("outputShape", shapeToJs(env, m.outputShape()));
    Napi::Array layers = Napi::Array::New(env, m.layerCount());
    for (int i = 0; i < m.layerCount(); ++i) {
      Napi::Object l = Napi::Object::New(env);
      l.Set("type", m.layer(i).typeName());
      l.Set("inputShape", shapeToJs(env, m.layer(i).inShape()));
      l.Set("outputShape", shapeToJs(env, m.layer(i).outShape()));
      layers.Set(i, l);
    }
    out.Set("layers", layers);
    Napi::Array tensors = Napi::Array::New(env, m.tensors().size());
    for (size_t i = 0; i < m.tensors().size(); ++i) {
      const NamedTensor& t = m.tensors()[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", t.name);
      o.Set("shape", shapeToJs(env, t.shape));
      o.Set("trainable", t.trainable);
      o.Set("offset", static_cast<double>(t.offset));
      o.Set("size", static_cast<double>(t.size));
      tensors.Set(static_cast<uint32_t>(i), o);
    }
    out.Set("tensors", tensors);
    out.Set("paramCount", static_cast<double>(m.params().size()));
    out.Set("stateCount", static_cast<double>(m.state().size()));
    out.Set("mixesSamples", m.mixesSamples());
    out.Set("activationFloats", static_cast<double>(m.activationFloats()));
    out.Set("reservedRows", m.reservedRows());
    out.Set("labelClasses", m.labelClasses());
    return out;
  });
}

Napi::Value ModelWrap::getParams(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& p = use().readHost().params();
    return toFloat32Array(info.Env(), p.data(), p.size());
  });
}

Napi::Value ModelWrap::setParams(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& p = use().host().params();
    const float* src = float32Arg(info[0], "params", static_cast<long long>(p.size()), true);
    p.upload(src);
    return info.Env().Undefined();
  });
}

Napi::Value ModelWrap::getState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& s = use().readHost().state();
    return toFloat32Array(info.Env(), s.data(), s.size());
  });
}

Napi::Value ModelWrap::setState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& s = use().host().state();
    const float* src = float32Arg(info[0], "state", static_cast<long long>(s.size()), true);
    s.upload(src);
    return info.Env().Undefined();
  });
}

Napi::Value ModelWrap::getGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& g = use().readHost().grads();
    return toFloat32Array(info.Env(), g.data(), g.size());
  });
}

namespace {

struct ForwardInput {
  int batch;
  const float* x;       // batch × inSize, finite
  const int32_t* labels;  // batch classes in [0, labelClasses) for a label-reading model, else null
};

// The arguments (x, batch, labels) of predict and predictAsync, checked against the model.
// labels, where the model reads them, is argument `labelsAt`.
ForwardInput forwardInput(const Napi::CallbackInfo& info, const Sequential& m, const std::string& method, int labelsAt) {
  const int batch = intArg(info[1], "batch", 1, kMaxBatch);
  requireBatchSize(batch, std::max(m.inSize(), m.outSize()), method);
  const float* x = float32Arg(info[0], "x", static_cast<long long>(batch) * m.inSize(), true);
  const Napi::Value labels = info[labelsAt];
  if (!m.labelClasses()) {
    if (!labels.IsUndefined())
      fail(ErrorCode::InvalidArgument, method + ": labels were given, but the model reads none (it has no labelEmbedding or conditionalBatchNorm)");
    return {batch, x, nullptr};
  }
  if (labels.IsUndefined())
    fail(ErrorCode::InvalidArgument, method + ": the model reads labels (" + std::to_string(m.labelClasses()) +
                                         " classes): pass labels, an Int32Array of one class per sample");
  return {batch, x, labelsArg(labels, "labels", batch, m.labelClasses())};
}

// The forward pass of predict and predictAsync: x (batch × inSize) in, the model's output buffer out.
const float* forwardBatch(Sequential& m, const float* x, const int32_t* labels, int batch, Mode mode) {
  m.reserve(batch);
  std::copy(x, x + static_cast<size_t>(batch) * m.inSize(), m.activation(0));
  if (labels) std::copy(labels, labels + batch, m.labels());
  m.forward(0, batch, mode);
  return m.activation(m.layerCount());
}

// The optional ACGAN term { labels, scale } of a step over n samples with `critic`, its labels placed on `device`.
struct AcganArg {
  DeviceArray<int32_t> labels;
  AcganTerm term{nullptr, 0.f};
  const AcganTerm* get() const { return term.labels ? &term : nullptr; }
};

AcganArg acganArg(const Napi::Value& v, const std::string& name, const Sequential& critic, long long n, Device& device) {
  AcganArg a;
  if (v.IsUndefined()) return a;
  Napi::Object o = objectArg(v, name);
  onlyKeys(o, name, {"labels", "scale"});
  const int classes = AcganHead::classesOf(critic);
  const int32_t* host = labelsArg(o.Get("labels"), name + ".labels", n, classes);
  const float scale = static_cast<float>(numberArg(o.Get("scale"), name + ".scale", 0, 1e6));
  a.labels = DeviceArray<int32_t>(device, n);
  a.labels.upload(host);
  a.term = {a.labels.data(), scale};
  return a;
}

}  // namespace

// predict(x, batch, training = false, labels?)
Napi::Value ModelWrap::predict(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    const bool training = info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value();
    Sequential& m = training ? use().host() : use().readHost();  // a training-mode pass moves BatchNorm's statistics
    const ForwardInput in = forwardInput(info, m, "predict", 3);
    return toFloat32Array(info.Env(), forwardBatch(m, in.x, in.labels, in.batch, training ? Mode::Train : Mode::Eval),
                          static_cast<size_t>(in.batch) * m.outSize());
  });
}

// predictAsync(x, batch, labels?): Promise of predict(x, batch, false, labels) in eval mode, computed off the main thread.
Napi::Value ModelWrap::predictAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = use().readHost();
    const ForwardInput in = forwardInput(info, m, "predictAsync", 2);
    const int batch = in.batch;
    auto input = std::make_shared<std::vector<float>>(in.x, in.x + static_cast<size_t>(batch) * m.inSize());
    auto labels = std::make_shared<std::vector<int32_t>>(in.labels, in.labels ? in.labels + batch : in.labels);
    auto output = std::make_shared<std::vector<float>>();
    setBusy(true);
    return BackgroundWork::start(
        info.Env(), "predictAsync", {info.This().As<Napi::Object>()},
        [=, &m] {
          const float* y = forwardBatch(m, input->data(), labels->empty() ? nullptr : labels->data(), batch, Mode::Eval);
          output->assign(y, y + static_cast<size_t>(batch) * m.outSize());
        },
        [=](Napi::Env env) -> Napi::Value { return toFloat32Array(env, output->data(), output->size()); },
        [this] { setBusy(false); });
  });
}

// criticLossAndGrads(real, fake, epsilon, lambda, device = 'cpu', acgan?): on 'cuda', the step runs on the
// model's device copy (for the GPU check; the host model is left as it is). acgan = { labels, scale }: the
// real samples' labels for a critic with a classifier head.
Napi::Value ModelWrap::criticLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    const bool onCuda = deviceArg(info[4]);
    Sequential& m = onCuda ? use().onDevice(cudaDevice()).model() : use().host();
    CriticStep& step = onCuda ? use().onDevice(cudaDevice()).criticStep() : use().criticStep();
    if (!info[2].IsTypedArray()) float32Arg(info[2], "epsilon", -1, true);
    const long long n = info[2].As<Napi::TypedArray>().ElementLength();
    if (n < 1 || n > kMaxBatch)
      fail(ErrorCode::InvalidArgument, "epsilon must hold one value per sample (1 to " + std::to_string(kMaxBatch) + "), got " + std::to_string(n));
    requireBatchSize(3 * n, m.inSize(), "criticLossAndGrads");
    const float* eps = float32Arg(info[2], "epsilon", n, true);
    for (long long i = 0; i < n; ++i)
      if (eps[i] < 0.f || eps[i] > 1.f)
        fail(ErrorCode::InvalidArgument, "epsilon[" + std::to_string(i) + "] must be in [0, 1], got " + std::to_string(eps[i]));
    const float* real = float32Arg(info[0], "real", n * m.inSize(), true);
    const float* fake = float32Arg(info[1], "fake", n * m.inSize(), true);
    const float lambda = static_cast<float>(numberArg(info[3], "lambda", 0, 1e6));
    Device& device = m.device();
    const size_t block = static_cast<size_t>(n) * m.inSize();
    DeviceArray<float> realOn(device, block), fakeOn(device, block), epsOn(device, n);
    realOn.upload(real);
    fakeOn.upload(fake);
    epsOn.upload(eps);
    const AcganArg acgan = acganArg(info[5], "acgan", m, n, device);
    const CriticResult r = step.run(realOn.data(), fakeOn.data(), epsOn.data(), static_cast<int>(n), lambda, acgan.get());
    Napi::Object out = Napi::Object::New(env);
    out.Set("loss", r.loss);
    out.Set("classifierLoss", r.classifierLoss);
    out.Set("classifierAccuracy", r.classifierAccuracy);
    out.Set("wasserstein", r.wasserstein);
    out.Set("penalty", r.penalty);
    out.Set("gradNorms", toFloat32Array(env, r.gradNorms, n));
    out.Set("grads", hostArray(env, m.grads()));
    return out;
  });
}

// generatorLossAndGrads(z, batch, critic, acgan?): acgan = { labels, scale }, the requested labels of the
// samples (the generator's label input where it reads labels) for a critic with a classifier head.
Napi::Value ModelWrap::generatorLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& g = use().host();
    ModelWrap* criticWrap = unwrap(info[2], "critic");
    if (criticWrap == this) fail(ErrorCode::InvalidArgument, "critic must be another model than the generator");
    Sequential& d = criticWrap->use().host();
    const int batch = intArg(info[1], "batch", 1, kMaxBatch);
    requireBatchSize(batch, std::max(g.inSize(), g.outSize()), "generatorLossAndGrads");
    const float* z = float32Arg(info[0], "z", static_cast<long long>(batch) * g.inSize(), true);
    GeneratorStep step(g, d);
    const AcganArg acgan = acganArg(info[3], "acgan", d, batch, g.device());
    const double loss = step.run(z, batch, acgan.get());
    Napi::Object out = Napi::Object::New(env);
    out.Set("loss", loss);
    out.Set("classifierLoss", step.classifierLoss());
    out.Set("grads", toFloat32Array(env, g.grads().data(), g.grads().size()));
    return out;
  });
}

// classifierLossAndGrads(x, labels, batch)
Napi::Value ModelWrap::classifierLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = use().host();
    const int batch = intArg(info[2], "batch", 1, kMaxBatch);
    requireBatchSize(batch, std::max(m.inSize(), m.outSize()), "classifierLossAndGrads");
    const float* x = float32Arg(info[0], "x", static_cast<long long>(batch) * m.inSize(), true);
    const int32_t* labels = int32Arg(info[1], "labels", batch);
    const ClassifierResult r = ClassifierStep(m).run(x, labels, batch);
    Napi::Object out = Napi::Object::New(env);
    out.Set("loss", r.loss);
    out.Set("correct", r.correct);
    out.Set("grads", toFloat32Array(env, m.grads().data(), m.grads().size()));
    return out;
  });
}

// adamStep(options, grads?): one Adam update with the given gradients or the model's last ones.
Napi::Value ModelWrap::adamStep(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = use().host();
    const AdamOptions options = parseAdamOptions(info[0], "options");
    const float* grads = m.grads().data();
    if (!info[1].IsUndefined()) grads = float32Arg(info[1], "grads", static_cast<long long>(m.grads().size()), true);
    Adam& adam = use().adam(options);
    adam.setOptions(options);
    adam.step(m.params().data(), grads);
    return Napi::Number::New(info.Env(), static_cast<double>(adam.stepCount()));
  });
}

Napi::Value ModelWrap::getAdamState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = use().readHost();
    Napi::Object out = Napi::Object::New(env);
    const size_t size = m.params().size();
    Adam* adam = use().adamOrNull();
    std::vector<float> zeros;
    if (!adam) zeros.assign(size, 0.f);
    out.Set("m", toFloat32Array(env, adam ? adam->firstMoment().data() : zeros.data(), size));
    out.Set("v", toFloat32Array(env, adam ? adam->secondMoment().data() : zeros.data(), size));
    out.Set("step", static_cast<double>(adam ? adam->stepCount() : 0));
    return out;
  });
}

// setAdamState({ m, v, step }, options)
Napi::Value ModelWrap::setAdamState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = use().host();
    Napi::Object o = objectArg(info[0], "state");
    const long long size = static_cast<long long>(m.params().size());
    const float* mm = float32Arg(o.Get("m"), "state.m", size, true);
    const float* vv = float32Arg(o.Get("v"), "state.v", size, true);
    const double step = numberArg(o.Get("step"), "state.step", 0, 9007199254740991.0);
    // Update in place: a trainer may hold a reference to this optimizer.
    const AdamOptions options = parseAdamOptions(info[1], "options");
    Adam& adam = use().adam(options);
    adam.setOptions(options);
    adam.firstMoment().upload(mm);
    adam.secondMoment().upload(vv);
    adam.setStepCount(static_cast<long long>(step));
    return info.Env().Undefined();
  });
}

Napi::Value ModelWrap::dispose(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (busy_) fail(ErrorCode::Busy, "the model is busy with background work (a training step or predictAsync); await it first");
    model_.reset();
    return info.Env().Undefined();
  });
}

}  // namespace wgan
