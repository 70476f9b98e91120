// The CPU bias primitives of Dense and the convolutions.
#pragma once

namespace wgan::cpu {

// y[r][c] += bias[c] for rows × cols (Dense) ...
void addBiasRows(float* y, const float* bias, int rows, int cols);
// ... and y[b][c][p] += bias[c] for NCHW planes of `plane` pixels.
void addBiasPlanes(float* y, const float* bias, int n, int channels, int plane);
// out[c] += Σ_r g[r][c], the sum taken in double and added once
void sumRowsInto(const float* g, int rows, int cols, float* out);
// out[c] += Σ_{b,p} g[b][c][p], likewise
void sumPlanesInto(const float* g, int n, int channels, int plane, float* out);

}  // namespace wgan::cpu
