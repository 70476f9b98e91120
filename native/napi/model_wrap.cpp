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

// A device array as a new Float32Array.
Napi::Float32Array hostArray(Napi::Env env, const DeviceArray<float>& a) {
  const std::vector<float> values = a.toHost();
  return toFloat32Array(env, values.data(), values.size());
}

}  // namespace

// The optional device argument of the test and check methods: true for 'cuda', false for 'cpu' or none.
bool deviceArg(const Napi::Value& v) {
  if (v.IsUndefined()) return false;
  const std::string name = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  if (name != "cpu" && name != "cuda") fail(ErrorCode::InvalidArgument, "device must be 'cpu' or 'cuda'");
  return name == "cuda";
}

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
    model_ = std::make_unique<Sequential>(spec, seed);
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

Sequential& ModelWrap::readModel() {
  requireUsable();
  if (deviceNewer_) {
    if (!adam_) adam_ = std::make_unique<Adam>(model_->device(), model_->params().size(), AdamOptions{});
    deviceCopy_->pull(*model_, *adam_);
    deviceNewer_ = false;
  }
  return *model_;
}

Sequential& ModelWrap::model() {
  Sequential& m = readModel();
  hostChanged_ = true;
  return m;
}

DeviceCopy& ModelWrap::onDevice(Device& device) {
  requireUsable();
  if (deviceCopy_ && &deviceCopy_->model().device() != &device) fail(ErrorCode::Unsupported, "the model is already used on another device");
  if (!deviceCopy_) deviceCopy_ = std::make_unique<DeviceCopy>(*model_, adam_.get(), device);
  else if (hostChanged_) deviceCopy_->push(*model_, adam_.get());
  hostChanged_ = false;
  return *deviceCopy_;
}

void ModelWrap::setLearningRate(float lr) {
  for (Adam* a : {adam_.get(), deviceCopy_ ? &deviceCopy_->adam() : nullptr}) {
    if (!a) continue;
    AdamOptions options = a->options();
    options.lr = lr;
    a->setOptions(options);
  }
}

Adam& ModelWrap::adam(const AdamOptions& options) {
  Sequential& m = model();
  if (!adam_) adam_ = std::make_unique<Adam>(m.device(), m.params().size(), options);
  return *adam_;
}

CriticStep& ModelWrap::criticStep() {
  Sequential& m = model();
  if (!criticStep_) criticStep_ = std::make_unique<CriticStep>(m);
  return *criticStep_;
}

Napi::Value ModelWrap::describe(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = readModel();
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
    return out;
  });
}

Napi::Value ModelWrap::getParams(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& p = readModel().params();
    return toFloat32Array(info.Env(), p.data(), p.size());
  });
}

Napi::Value ModelWrap::setParams(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& p = model().params();
    const float* src = float32Arg(info[0], "params", static_cast<long long>(p.size()), true);
    p.upload(src);
    return info.Env().Undefined();
  });
}

Napi::Value ModelWrap::getState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& s = readModel().state();
    return toFloat32Array(info.Env(), s.data(), s.size());
  });
}

Napi::Value ModelWrap::setState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& s = model().state();
    const float* src = float32Arg(info[0], "state", static_cast<long long>(s.size()), true);
    s.upload(src);
    return info.Env().Undefined();
  });
}

Napi::Value ModelWrap::getGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    auto& g = readModel().grads();
    return toFloat32Array(info.Env(), g.data(), g.size());
  });
}

namespace {

struct ForwardInput {
  int batch;
  const float* x;  // batch × inSize, finite
};

// The arguments (x, batch) of predict and predictAsync, checked against the model.
ForwardInput forwardInput(const Napi::CallbackInfo& info, const Sequential& m, const std::string& method) {
  const int batch = intArg(info[1], "batch", 1, kMaxBatch);
  requireBatchSize(batch, std::max(m.inSize(), m.outSize()), method);
  return {batch, float32Arg(info[0], "x", static_cast<long long>(batch) * m.inSize(), true)};
}

// The forward pass of predict and predictAsync: x (batch × inSize) in, the model's output buffer out.
const float* forwardBatch(Sequential& m, const float* x, int batch, Mode mode) {
  m.reserve(batch);
  std::copy(x, x + static_cast<size_t>(batch) * m.inSize(), m.activation(0));
  m.forward(0, batch, mode);
  return m.activation(m.layerCount());
}

}  // namespace

// predict(x, batch, training = false)
Napi::Value ModelWrap::predict(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    const bool training = info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value();
    Sequential& m = training ? model() : readModel();  // a training-mode pass moves BatchNorm's statistics
    const ForwardInput in = forwardInput(info, m, "predict");
    return toFloat32Array(info.Env(), forwardBatch(m, in.x, in.batch, training ? Mode::Train : Mode::Eval),
                          static_cast<size_t>(in.batch) * m.outSize());
  });
}

// predictAsync(x, batch): Promise of predict(x, batch) in eval mode, computed off the main thread.
Napi::Value ModelWrap::predictAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = readModel();
    const ForwardInput in = forwardInput(info, m, "predictAsync");
    const int batch = in.batch;
    auto input = std::make_shared<std::vector<float>>(in.x, in.x + static_cast<size_t>(batch) * m.inSize());
    auto output = std::make_shared<std::vector<float>>();
    setBusy(true);
    return BackgroundWork::start(
        info.Env(), "predictAsync", {info.This().As<Napi::Object>()},
        [=, &m] {
          const float* y = forwardBatch(m, input->data(), batch, Mode::Eval);
          output->assign(y, y + static_cast<size_t>(batch) * m.outSize());
        },
        [=](Napi::Env env) -> Napi::Value { return toFloat32Array(env, output->data(), output->size()); },
        [this] { setBusy(false); });
  });
}

// criticLossAndGrads(real, fake, epsilon, lambda, device = 'cpu'): on 'cuda', the step runs on the model's
// device copy (for the GPU check; the host model is left as it is).
Napi::Value ModelWrap::criticLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    const bool onCuda = deviceArg(info[4]);
    Sequential& m = onCuda ? onDevice(cudaDevice()).model() : model();
    CriticStep& step = onCuda ? deviceCopy_->criticStep() : criticStep();
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
    const CriticResult r = step.run(realOn.data(), fakeOn.data(), epsOn.data(), static_cast<int>(n), lambda);
    Napi::Object out = Napi::Object::New(env);
    out.Set("loss", r.loss);
    out.Set("wasserstein", r.wasserstein);
    out.Set("penalty", r.penalty);
    out.Set("gradNorms", toFloat32Array(env, r.gradNorms, n));
    out.Set("grads", hostArray(env, m.grads()));
    return out;
  });
}

// generatorLossAndGrads(z, batch, critic)
Napi::Value ModelWrap::generatorLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& g = model();
    ModelWrap* criticWrap = unwrap(info[2], "critic");
    if (criticWrap == this) fail(ErrorCode::InvalidArgument, "critic must be another model than the generator");
    Sequential& d = criticWrap->model();
    const int batch = intArg(info[1], "batch", 1, kMaxBatch);
    requireBatchSize(batch, std::max(g.inSize(), g.outSize()), "generatorLossAndGrads");
    const float* z = float32Arg(info[0], "z", static_cast<long long>(batch) * g.inSize(), true);
    GeneratorStep step(g, d);
    const double loss = step.run(z, batch);
    Napi::Object out = Napi::Object::New(env);
    out.Set("loss", loss);
    out.Set("grads", toFloat32Array(env, g.grads().data(), g.grads().size()));
    return out;
  });
}

// classifierLossAndGrads(x, labels, batch)
Napi::Value ModelWrap::classifierLossAndGrads(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = model();
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

AdamOptions parseAdamOptions(const Napi::Value& v, const std::string& name) {
  AdamOptions a;
  if (v.IsUndefined()) return a;
  Napi::Object o = objectArg(v, name);
  onlyKeys(o, name, {"lr", "beta1", "beta2", "epsilon"});
  if (!o.Get("lr").IsUndefined()) a.lr = static_cast<float>(numberArg(o.Get("lr"), name + ".lr", 0, 10));
  if (!o.Get("beta1").IsUndefined()) a.beta1 = static_cast<float>(numberArg(o.Get("beta1"), name + ".beta1", 0, 0.999999));
  if (!o.Get("beta2").IsUndefined()) a.beta2 = static_cast<float>(numberArg(o.Get("beta2"), name + ".beta2", 0, 0.999999));
  if (!o.Get("epsilon").IsUndefined()) a.epsilon = static_cast<float>(numberArg(o.Get("epsilon"), name + ".epsilon", 1e-30, 1));
  return a;
}

// adamStep(options, grads?): one Adam update with the given gradients or the model's last ones.
Napi::Value ModelWrap::adamStep(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = model();
    const AdamOptions options = parseAdamOptions(info[0], "options");
    const float* grads = m.grads().data();
    if (!info[1].IsUndefined()) grads = float32Arg(info[1], "grads", static_cast<long long>(m.grads().size()), true);
    adam(options).setOptions(options);
    adam_->step(m.params().data(), grads);
    return Napi::Number::New(info.Env(), static_cast<double>(adam_->stepCount()));
  });
}

Napi::Value ModelWrap::getAdamState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = readModel();
    Napi::Object out = Napi::Object::New(env);
    const size_t size = m.params().size();
    std::vector<float> zeros;
    if (!adam_) zeros.assign(size, 0.f);
    out.Set("m", toFloat32Array(env, adam_ ? adam_->firstMoment().data() : zeros.data(), size));
    out.Set("v", toFloat32Array(env, adam_ ? adam_->secondMoment().data() : zeros.data(), size));
    out.Set("step", static_cast<double>(adam_ ? adam_->stepCount() : 0));
    return out;
  });
}

// setAdamState({ m, v, step }, options)
Napi::Value ModelWrap::setAdamState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Sequential& m = model();
    Napi::Object o = objectArg(info[0], "state");
    const long long size = static_cast<long long>(m.params().size());
    const float* mm = float32Arg(o.Get("m"), "state.m", size, true);
    const float* vv = float32Arg(o.Get("v"), "state.v", size, true);
    const double step = numberArg(o.Get("step"), "state.step", 0, 9007199254740991.0);
    // Update in place: a trainer may hold a reference to this optimizer.
    adam(parseAdamOptions(info[1], "options")).setOptions(parseAdamOptions(info[1], "options"));
    adam_->firstMoment().upload(mm);
    adam_->secondMoment().upload(vv);
    adam_->setStepCount(static_cast<long long>(step));
    return info.Env().Undefined();
  });
}

// layerOps(index, x, gy, v, n, device = 'cpu'): every operation of one layer on the same inputs, for tests
// and the GPU check: { y, gx, paramGrads, w, c, curvatureGrads } (grads as flat arrays over the whole model).
Napi::Value ModelWrap::layerOps(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = deviceArg(info[5]) ? onDevice(cudaDevice()).model() : model();
    const int index = intArg(info[0], "index", 0, std::max(0, m.layerCount() - 1));
    if (m.layerCount() == 0) fail(ErrorCode::InvalidArgument, "the model has no layers");
    Layer& layer = m.layer(index);
    const int n = intArg(info[4], "n", 1, kMaxBatch);
    const long long inCount = static_cast<long long>(n) * layer.inSize(), outCount = static_cast<long long>(n) * layer.outSize();
    Device& device = m.device();
    DeviceArray<float> x(device, inCount), gy(device, outCount), v(device, inCount);
    x.upload(float32Arg(info[1], "x", inCount, true));
    gy.upload(float32Arg(info[2], "gy", outCount, true));
    v.upload(float32Arg(info[3], "v", inCount, true));
    DeviceArray<float> y(device, outCount), gx(device, inCount), w(device, outCount), c(device, inCount);
    m.reserve(n);  // through the model, so a recorded graph of its buffers knows when they move
    layer.forward(x.data(), y.data(), n, Mode::Train);
    layer.backwardData(x.data(), y.data(), gy.data(), gx.data(), n);
    m.zeroGrads();
    layer.backwardParams(x.data(), y.data(), gy.data(), n);
    Napi::Float32Array paramGrads = hostArray(env, m.grads());
    layer.tangent(x.data(), y.data(), v.data(), w.data(), n);
    m.zeroGrads();
    layer.curvature(x.data(), y.data(), gy.data(), v.data(), c.data(), n);
    Napi::Object out = Napi::Object::New(env);
    out.Set("y", hostArray(env, y));
    out.Set("gx", hostArray(env, gx));
    out.Set("paramGrads", paramGrads);
    out.Set("w", hostArray(env, w));
    out.Set("c", hostArray(env, c));
    out.Set("curvatureGrads", hostArray(env, m.grads()));
    return out;
  });
}

Napi::Value ModelWrap::dispose(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (busy_) fail(ErrorCode::Busy, "the model is busy with background work (a training step or predictAsync); await it first");
    criticStep_.reset();
    deviceCopy_.reset();
    adam_.reset();
    model_.reset();
    return info.Env().Undefined();
  });
}

}  // namespace wgan
