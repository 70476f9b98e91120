#include "conv_core.h"

#include <cstdlib>
#include <string>

#include "../core/errors.h"
#include "gemm_convolution.h"
#include "padded_convolution.h"

namespace wgan {

namespace {

enum class ConvChoice { Auto, Gemm, GemmPadded };

ConvChoice convChoice() {
  const char* value = std::getenv("WGAN_GP_CONV");
  const std::string v = value ? value : "";
  if (v.empty() || v == "auto") return ConvChoice::Auto;
  if (v == "gemm") return ConvChoice::Gemm;
  if (v == "gemm-padded") return ConvChoice::GemmPadded;
  fail(ErrorCode::InvalidArgument, "WGAN_GP_CONV must be \"auto\", \"gemm\" or \"gemm-padded\", got \"" + v + "\"");
}

}  // namespace

void ConvCore::reserve(Device& device, int maxRows) {
  if (&device == device_ && maxRows <= plannedRows_) return;
  const ConvChoice choice = convChoice();
  plan_.reset();  // its buffers go before the new plan's are allocated
  auto gemm = [&](const ConvGeometry& g) -> std::unique_ptr<Convolution> {
    return std::make_unique<GemmConvolution>(device, g, filters_, maxRows);
  };
  if (choice == ConvChoice::Auto) plan_ = device.preferredConvolution(g_, filters_, maxRows);
  if (!plan_)
    plan_ = choice == ConvChoice::GemmPadded ? withSymmetricPadding(device, g_, maxRows, gemm) : gemm(g_);
  device_ = &device;
  plannedRows_ = maxRows;
}

}  // namespace wgan
