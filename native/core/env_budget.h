// Budgets a user may set through the environment (WGAN_GP_CONV_CHUNK, WGAN_GP_CRITIC_CHUNK): a positive integer,
// or the default where the variable is unset or empty; anything else is an InvalidArgument naming the variable.
#pragma once
#include <cstddef>

namespace wgan {

size_t budgetFromEnv(const char* name, size_t fallback);

}  // namespace wgan
