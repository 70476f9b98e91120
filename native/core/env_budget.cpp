#include "env_budget.h"

#include <cstdlib>
#include <string>

#include "errors.h"

namespace wgan {

size_t budgetFromEnv(const char* name, size_t fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  const long long count = std::strtoll(value, &end, 10);
  if (*end || count < 1)
    fail(ErrorCode::InvalidArgument, std::string(name) + " must be a positive integer, got \"" + value + "\"");
  return static_cast<size_t>(count);
}

}  // namespace wgan
