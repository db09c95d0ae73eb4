#include "core/backoff.hpp"

#include <algorithm>

namespace ep::core {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap,
                 std::uint64_t seed)
    : initial_(std::max(initial, std::chrono::milliseconds{0})),
      cap_(std::max(cap, initial_)),
      random_(seed) {}

std::chrono::milliseconds Backoff::next_delay() {
  // Double per failure, stopping before an overflow can happen.
  std::int64_t base = initial_.count();
  for (int i = 0; i < failures_ && base < cap_.count(); ++i) base *= 2;
  base = std::min(base, cap_.count());
  ++failures_;
  if (base <= 1) return std::chrono::milliseconds{base};
  std::uniform_int_distribution<std::int64_t> jitter(base / 2, base);
  return std::chrono::milliseconds{jitter(random_)};
}

}  // namespace ep::core
