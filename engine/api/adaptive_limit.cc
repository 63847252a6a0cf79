#include "engine/api/adaptive_limit.h"

#include <algorithm>

namespace onboard {

AdaptiveLimit::AdaptiveLimit(int max) : max_(std::max(1, max)), limit_(max_) {}

void AdaptiveLimit::OnRateLimited() { limit_ = std::max(1.0, static_cast<double>(limit()) / 2.0); }

void AdaptiveLimit::OnCleanAnswer() { limit_ = std::min(static_cast<double>(max_), limit_ + 1.0 / limit_); }

}  // namespace onboard
