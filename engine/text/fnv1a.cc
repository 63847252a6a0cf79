#include "engine/text/fnv1a.h"

#include <fmt/format.h>

namespace onboard {

std::string Fnv1a64::Hex() const { return fmt::format("{:016x}", hash_); }

}  // namespace onboard
