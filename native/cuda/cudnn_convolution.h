// A convolution through cuDNN (its legacy API) on the CUDA backend's stream. Descriptors and algorithms
// are chosen once per batch size: the fastest of cuDNN's heuristic choices with FMA math (no TF32, so
// results stay within float32 round-off of the CPU's), within a workspace planned for the largest batch.
// cuDNN pads symmetrically only: wrap geometries in withSymmetricPadding (conv/padded_convolution.h).
#pragma once
#include <map>
#include <memory>

#include "../conv/convolution.h"
#include "../core/device.h"
#include "cudnn_api.h"

namespace wgan {

class CudnnConvolution : public Convolution {
 public:
  CudnnConvolution(Device& device, const CudnnApi& api, CudnnHandle handle, const ConvGeometry& g, int filters,
                   int maxRows);
  void forward(const float* weight, const float* x, float* y, int n) override;
  void backwardData(const float* weight, const float* gy, float* gx, int n) override;
  void backwardFilter(const float* x, const float* gy, float* gradWeight, int n) override;

 private:
  template <class T>
  using Owned = std::unique_ptr<T, int (*)(T*)>;
  struct Batch {  // what a batch of n images runs with
    Owned<CudnnTensorStruct> x, y;
    int forwardAlgo, backwardDataAlgo, backwardFilterAlgo;
    size_t workspaceBytes;
  };

  void check(int status, const char* what) const;
  Owned<CudnnTensorStruct> tensor(int n, int channels, int height, int width) const;
  template <class List, class Workspace>
  int choose(List list, Workspace workspace, const char* what, size_t& bytes) const;
  const Batch& batch(int n);

  const CudnnApi& api_;
  CudnnHandle handle_;
  ConvGeometry g_;
  int filters_;
  Owned<CudnnFilterStruct> weight_;
  Owned<CudnnConvolutionStruct> conv_;
  std::map<int, Batch> batches_;
  size_t workspaceLimit_;
  DeviceArray<unsigned char> workspace_;
};

}  // namespace wgan
