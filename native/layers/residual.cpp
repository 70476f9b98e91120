#include "residual.h"

#include "../core/errors.h"
#include "../core/layer_kernels.h"
#include "../core/layer_registry.h"
#include "../cpu/parallel.h"
#include "../cpu/profile.h"

namespace wgan {

namespace {

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  const SpecValue& bodySpec = spec.layers("body");
  if (bodySpec.items.empty()) fail(ErrorCode::InvalidModel, "the body must hold at least one layer");
  LayerChain body(buildLayers(bodySpec, in, spec.pathOf("body")), in);
  LayerChain shortcut(spec.has("shortcut") ? buildLayers(spec.layers("shortcut"), in, spec.pathOf("shortcut"))
                                           : std::vector<std::unique_ptr<Layer>>{},
                      in);
  if (body.outShape() != shortcut.outShape())
    fail(ErrorCode::InvalidModel, "the body ends in " + shapeToString(body.outShape()) + " but the shortcut ends in " +
                                      shapeToString(shortcut.outShape()) + (shortcut.empty() ? " (the identity)" : ""));
  return std::make_unique<Residual>(in, std::move(body), std::move(shortcut), static_cast<float>(spec.number("scale")));
}
const LayerRegistration registration{{"residual",
                                      {{"body", KeyType::Layers, true},
                                       {"shortcut", KeyType::Layers, false},
                                       {"scale", KeyType::Number, false, -1000, 1000, 1}},
                                      build}};

void combineCpu(void*, const float* s, const float* b, float a, float* out, long long count) {
  PrimitiveTimer timer(Primitive::Layers);
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) out[i] = combineAt(i, s, b, a);
  });
}
void scaleCpu(void*, const float* in, float a, float* out, long long count) {
  PrimitiveTimer timer(Primitive::Layers);
  parallelBlocks(count, kElementGrain, [&](long long begin, long long end) {
    for (long long i = begin; i < end; ++i) out[i] = a * in[i];
  });
}
const bool cpuKernels = LayerKernels<ResidualKernels>::add("cpu", {combineCpu, scaleCpu});

}  // namespace

Residual::Residual(const Shape& in, LayerChain body, LayerChain shortcut, float scale)
    : Layer(in, body.outShape()), body_(std::move(body)), shortcut_(std::move(shortcut)), scale_(scale) {}

std::vector<ParamInfo> Residual::paramInfo() const {
  std::vector<ParamInfo> out = body_.paramInfo("body");
  for (ParamInfo& p : shortcut_.paramInfo("shortcut")) out.push_back(std::move(p));
  return out;
}

int Residual::labelClasses() const {
  const int body = body_.labelClasses(), shortcut = shortcut_.labelClasses();
  if (body && shortcut && body != shortcut)
    fail(ErrorCode::InvalidModel, "the body reads labels of " + std::to_string(body) + " classes, the shortcut of " +
                                      std::to_string(shortcut));
  return body ? body : shortcut;
}

// Trainable tensors are consecutive in the model's array in paramInfo() order, as are state tensors.
void Residual::bound() {
  size_t params = 0, state = 0;
  body_.bind(device(), params_, grads_, state_, params, state);
  shortcut_.bind(device(), params_, grads_, state_, params, state);
}

void Residual::initParams(Rng& rng) {
  body_.initParams(rng);
  shortcut_.initParams(rng);
}

void Residual::reserve(int maxRows) {
  Device& d = device();
  auto rows = [&](int size) { return DeviceArray<float>(d, static_cast<size_t>(maxRows) * size); };
  body_.reserve(d, maxRows);
  shortcut_.reserve(d, maxRows);
  if (scale_ != 1.f) seedCached_ = rows(outSize()), seedScratch_ = rows(outSize());
  // The body's input gradient and curvature term go straight to the caller's gx and c; the shortcut's need
  // buffers of their own only where they are summed with the body's.
  if (!shortcut_.empty()) gxShortcut_ = rows(inSize()), wShortcut_ = rows(outSize());
  if (body_.hasCurvature() && shortcut_.hasCurvature()) cShortcut_ = rows(inSize());
  wBody_ = rows(outSize());
  forwardBase_ = nullptr;
}

const ResidualKernels& Residual::kernels() { return LayerKernels<ResidualKernels>::on(device(), "residual"); }

int Residual::rowOf(const float* x, int n) const {
  const long long offset = forwardBase_ ? x - forwardBase_ : -1;
  if (offset < 0 || offset % inSize() != 0 || offset / inSize() + n > forwardRows_)
    fail(ErrorCode::InvalidArgument, "residual: an operation on rows that were not forwarded (forward first)");
  return static_cast<int>(offset / inSize());
}

void Residual::forward(const float* x, float* y, int n, Mode mode) {
  forwardBase_ = x;
  forwardRows_ = n;
  keptSeed_ = tangentV_ = nullptr;
  body_.forward(x, 0, n, mode);
  shortcut_.forward(x, 0, n, mode);
  kernels().combine(device().queue(), shortcut_.output(x, 0), body_.output(x, 0), scale_, y,
                    static_cast<long long>(n) * outSize());
}

float* Residual::seedBuffer(Grads set, int r) {
  return (set == Grads::Cached ? seedCached_ : seedScratch_).data() + static_cast<size_t>(r) * outSize();
}

const float* Residual::bodySeed(Grads set, const float* gy, int r) { return scale_ == 1.f ? gy : seedBuffer(set, r); }

const float* Residual::scaleSeed(Grads set, const float* gy, int r, int n) {
  if (scale_ == 1.f) return gy;
  float* seed = seedBuffer(set, r);
  kernels().scale(device().queue(), gy, scale_, seed, static_cast<long long>(n) * outSize());
  return seed;
}

void Residual::backwardData(const float* x, const float*, const float* gy, float* gx, int n) {
  const int r = rowOf(x, n);
  const Grads set = keptSeed_ ? Grads::Scratch : Grads::Cached;
  body_.backwardData(x, r, n, scaleSeed(set, gy, r, n), gx, set);
  const float* gxShortcut = gy;  // the identity's
  if (!shortcut_.empty()) {
    shortcut_.backwardData(x, r, n, gy, gxShortcut_.data(), set);
    gxShortcut = gxShortcut_.data();
  }
  kernels().combine(device().queue(), gxShortcut, gx, 1.f, gx, static_cast<long long>(n) * inSize());
  if (set == Grads::Cached) {
    keptSeed_ = gy - static_cast<size_t>(r) * outSize();
    keptFirst_ = r;
    keptEnd_ = r + n;
  }
}

LayerChain::Grads Residual::branchGrads(const float* x, const float* gy, int r, int n) {
  if (keptSeed_ && gy == keptSeed_ + static_cast<size_t>(r) * outSize() && r >= keptFirst_ && r + n <= keptEnd_)
    return Grads::Cached;
  body_.backwardData(x, r, n, scaleSeed(Grads::Scratch, gy, r, n), nullptr, Grads::Scratch);
  shortcut_.backwardData(x, r, n, gy, nullptr, Grads::Scratch);
  return Grads::Scratch;
}

void Residual::backwardParams(const float* x, const float*, const float* gy, int n) {
  const int r = rowOf(x, n);
  const Grads set = branchGrads(x, gy, r, n);
  body_.backwardParams(x, r, n, bodySeed(set, gy, r), set);
  shortcut_.backwardParams(x, r, n, gy, set);
}

// backwardData's arithmetic with each branch layer's weight gradient taken on the way; the body's seed goes to
// scratch, which no later operation expects to find kept.
void Residual::backward(const float* x, const float*, const float* gy, float* gx, int n) {
  const int r = rowOf(x, n);
  body_.backward(x, r, n, scaleSeed(Grads::Scratch, gy, r, n), gx);
  float* gxShortcut = gx && !shortcut_.empty() ? gxShortcut_.data() : nullptr;
  shortcut_.backward(x, r, n, gy, gxShortcut);
  if (gx)
    kernels().combine(device().queue(), gxShortcut ? gxShortcut : gy, gx, 1.f, gx, static_cast<long long>(n) * inSize());
}

void Residual::branchTangents(const float* x, const float* v, int r, int n) {
  if (v == tangentV_ && r == tangentRow_ && n == tangentRows_) return;
  body_.tangent(x, r, n, v, wBody_.data());
  shortcut_.tangent(x, r, n, v, wShortcut_.data());
  tangentV_ = v;
  tangentRow_ = r;
  tangentRows_ = n;
}

void Residual::tangent(const float* x, const float*, const float* v, float* w, int n) {
  const int r = rowOf(x, n);
  branchTangents(x, v, r, n);
  kernels().combine(device().queue(), shortcut_.empty() ? v : wShortcut_.data(), wBody_.data(), scale_, w,
                    static_cast<long long>(n) * outSize());
}

// s = gyᵀ(J_S + a·J_B)v: each branch's curvature with its own seed (a·gy for the body), the input terms summed.
void Residual::curvature(const float* x, const float*, const float* gy, const float* v, float* c, int n) {
  const int r = rowOf(x, n);
  branchTangents(x, v, r, n);
  const Grads set = branchGrads(x, gy, r, n);
  const bool both = body_.hasCurvature() && shortcut_.hasCurvature();
  body_.curvature(x, r, n, bodySeed(set, gy, r), c, set);  // a chain writes c only where it is curved
  shortcut_.curvature(x, r, n, gy, both ? cShortcut_.data() : c, set);
  if (both) kernels().combine(device().queue(), cShortcut_.data(), c, 1.f, c, static_cast<long long>(n) * inSize());
}

}  // namespace wgan
