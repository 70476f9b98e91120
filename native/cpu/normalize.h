// The CPU's normalisation loops: one group at a time, in order (SerialLoops), over kernels/normalize.h.
#pragma once
#include "../common/types.h"

namespace wgan::cpu {

void normalize(NormOp op, const NormLayout& layout, const NormArgs& args);
void batchNormRunningUpdate(const NormLayout& layout, const float* x, float* runningMean, float* runningVar, double momentum);
void batchNormInference(const NormLayout& layout, const float* x, const float* gamma, const float* beta,
                        const float* runningMean, const float* runningVar, float* y);

}  // namespace wgan::cpu
