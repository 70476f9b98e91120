// The test hook backwardPaths of NativeModel: the model's weight gradients for one output gradient through its
// fused backward (the generator step's) and through backwardData + backwardParams (the pair it replaced), so a
// test can hold the two to the same bits.
#include "args.h"
#include "js_error.h"
#include "model_wrap.h"

namespace wgan {

// backwardPaths(x, gy, n, labels?): { fused, twoPass }, each the flat weight gradients over the whole model after
// one training-mode forward of x. A model that reads labels needs `labels` (Int32Array of n).
Napi::Value ModelWrap::backwardPaths(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = use().host();
    const int n = intArg(info[2], "n", 1, kMaxBatch);
    const int L = m.layerCount();
    m.reserve(n);
    m.device().upload(m.activation(0), float32Arg(info[0], "x", static_cast<long long>(n) * m.inSize(), true),
                      static_cast<size_t>(n) * m.inSize() * sizeof(float));
    if (m.labelClasses())
      m.device().upload(m.labels(), labelsArg(info[3], "labels", n, m.labelClasses()), static_cast<size_t>(n) * sizeof(int32_t));
    m.forward(0, n, Mode::Train);
    m.device().upload(m.gradient(L), float32Arg(info[1], "gy", static_cast<long long>(n) * m.outSize(), true),
                      static_cast<size_t>(n) * m.outSize() * sizeof(float));
    // The fused pass first, so it cannot lean on anything the two-pass one leaves behind.
    m.zeroGrads();
    m.backward(0, n);
    Napi::Float32Array fused = hostArray(env, m.grads());
    m.zeroGrads();
    m.backwardData(0, n, 1);
    m.backwardParams(0, n);
    Napi::Object out = Napi::Object::New(env);
    out.Set("fused", fused);
    out.Set("twoPass", hostArray(env, m.grads()));
    return out;
  });
}

}  // namespace wgan
