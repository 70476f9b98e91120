// The test hook layerOps of NativeModel, apart from the API methods: every operation of one layer on the same
// inputs, for the layer tests and the GPU check.
#include <algorithm>
#include <limits>
#include <vector>

#include "args.h"
#include "js_error.h"
#include "model_wrap.h"

namespace wgan {

// layerOps(index, x, gy, v, n, device = 'cpu', labels?): every operation of one layer on the same inputs, for
// tests and the GPU check: { y, gx, paramGrads, w, c, curvatureGrads } (grads as flat arrays over the whole
// model). A label-reading layer needs `labels` (Int32Array of n, each in [0, classes)).
Napi::Value ModelWrap::layerOps(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Sequential& m = deviceArg(info[5]) ? use().onDevice(cudaDevice()).model() : use().host();
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
    // The outputs start as NaN, so an operation that leaves a value unwritten (or adds to it) fails the tests; c
    // stays zero where the layer has no curvature term and leaves it untouched.
    const std::vector<float> nans(std::max(inCount, outCount), std::numeric_limits<float>::quiet_NaN());
    for (DeviceArray<float>* out : {&y, &gx, &w}) out->upload(nans.data());
    if (layer.hasCurvature())
      c.upload(nans.data());
    else
      device.zero(c.data(), c.bytes());
    m.reserve(n);  // through the model, so a recorded graph of its buffers knows when they move
    DeviceArray<int32_t> labels;
    if (layer.labelClasses()) {
      labels = DeviceArray<int32_t>(device, n);
      labels.upload(labelsArg(info[6], "labels", n, layer.labelClasses()));
      layer.setLabels(labels.data());
    }
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

}  // namespace wgan
