#include "core/domain.hpp"

namespace ep::core {

std::string_view to_string(Side side) {
  return side == Side::kBuy ? "BUY" : "SELL";
}

}  // namespace ep::core
