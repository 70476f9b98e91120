// The CPU's normalisation loops over kernels/normalize.h: each group in one thread, plane by plane (PlaneLoops), the
// groups split over the threads.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

void normalize(NormOp op, const NormLayout& layout, const NormArgs& args);
void batchNormRunningUpdate(const NormLayout& layout, const float* x, float* runningMean, float* runningVar, double momentum);
void batchNormInference(const NormLayout& layout, const float* x, const float* gamma, const float* beta,
                        const float* runningMean, const float* runningVar, float* y);

}  // namespace wgan::cpu
