#include "redis_queue/score_text.hpp"

#include <fmt/format.h>

namespace ep::redis_queue {

std::string format_score(double seconds) {
  std::string text = fmt::format("{:.6f}", seconds);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace ep::redis_queue
