#include "tws_client/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ep::tws_client {

std::chrono::milliseconds reconnect_delay(int attempt, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max, std::mt19937_64& rng) {
  const double base = static_cast<double>(std::max<std::int64_t>(initial.count(), 1));
  const double capped =
      std::min(static_cast<double>(max.count()), base * std::pow(2.0, std::clamp(attempt, 0, 30)));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(capped * jitter(rng)));
}

int random_client_id(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(kMinRandomClientId, kMaxRandomClientId);
  return pick(rng);
}

}  // namespace ep::tws_client
