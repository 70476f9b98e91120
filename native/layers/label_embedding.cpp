// labelEmbedding: the label input of a conditional generator. y = concat(x, E[label]) for a flat input x,
// with the table E [classes, dim] named 'weight' as torch.nn.Embedding names it (and initialised as it
// does, N(0, 1)). Linear in x and in E separately, so it has no curvature.
#include "../core/errors.h"
#include "../core/layer_kernels.h"
#include "../core/layer_registry.h"
#include "../core/rng.h"
#include "../kernels/label_tables.h"

namespace wgan {

namespace {

class LabelEmbedding : public Layer {
 public:
  LabelEmbedding(const Shape& in, int classes, int dim)
      : Layer(in, {shapeSize(in) + dim}), features_(shapeSize(in)), classes_(classes), dim_(dim) {}
  std::vector<ParamInfo> paramInfo() const override { return {{"weight", {classes_, dim_}, true}}; }
  void initParams(Rng& rng) override { rng.normal(params_, static_cast<long long>(classes_) * dim_); }
  int labelClasses() const override { return classes_; }

  void forward(const float* x, float* y, int n, Mode) override {
    kernels().concat(device().queue(), n, features_, dim_, labels(), x, params_, y);
  }
  void backwardData(const float*, const float*, const float* gy, float* gx, int n) override {
    kernels().split(device().queue(), n, features_, dim_, gy, gx);
  }
  void backwardParams(const float*, const float*, const float* gy, int n) override {
    kernels().embedGrad(device().queue(), n, features_, dim_, labels(), gy, grads_);
  }
  void tangent(const float*, const float*, const float* v, float* w, int n) override {
    kernels().concat(device().queue(), n, features_, dim_, labels(), v, nullptr, w);
  }

 private:
  const LabelKernels& kernels() { return LayerKernels<LabelKernels>::on(device(), "labelEmbedding"); }
  const int32_t* labels() const {
    if (!labels_) fail(ErrorCode::InvalidArgument, "labelEmbedding reads the batch's labels, but none were given");
    return labels_;
  }
  int features_, classes_, dim_;
};

std::unique_ptr<Layer> build(const SpecReader& spec, const Shape& in) {
  if (in.size() != 1)
    fail(ErrorCode::InvalidModel, "labelEmbedding needs a flat input [features] (the noise z), got " + shapeToString(in));
  return std::make_unique<LabelEmbedding>(in, spec.integer("classes"), spec.integer("dim"));
}
const LayerRegistration registration{{"labelEmbedding",
                                      {{"classes", KeyType::Integer, true, 1, kMaxDim},
                                       {"dim", KeyType::Integer, true, 1, kMaxDim}},
                                      build}};

}  // namespace

}  // namespace wgan
