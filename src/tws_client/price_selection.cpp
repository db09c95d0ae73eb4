#include "tws_client/price_selection.hpp"

#include <cmath>

namespace ep::tws_client {
namespace {

bool valid(double price) {
  return std::isfinite(price) && price > 0 && price < 1e300;
}

}  // namespace

bool SnapshotPrices::add(const tws::TickPrice& tick) {
  if (!valid(tick.price)) {
    // "-1 = no bid / no ask now": the side is gone, an earlier value of it is stale.
    if (tick.tick_type == 1 || tick.tick_type == 66) bid_.reset();
    if (tick.tick_type == 2 || tick.tick_type == 67) ask_.reset();
    return false;
  }
  const bool delayed_tick = tick.tick_type >= 66 && tick.tick_type <= 76;
  switch (tick.tick_type) {
    case 4:
    case 68:
      if (!last_) last_ = tick.price;
      if (delayed_tick) delayed_ = true;
      return true;
    case 1:
    case 66:
      bid_ = tick.price;
      break;
    case 2:
    case 67:
      ask_ = tick.price;
      break;
    case 9:
    case 75:
      close_ = tick.price;
      break;
    default:
      return false;
  }
  if (delayed_tick) delayed_ = true;
  return false;
}

std::optional<core::Price> SnapshotPrices::price() const {
  if (last_) return *last_;
  if (bid_ && ask_) return (*bid_ + *ask_) / 2.0;
  if (close_) return *close_;
  return std::nullopt;
}

core::PriceSource SnapshotPrices::source(PriceStage stage) const {
  if (delayed_) return core::PriceSource::kDelayed;
  if (data_type_) {
    switch (*data_type_) {
      case 1:
        return core::PriceSource::kLive;
      case 2:
        return core::PriceSource::kFrozen;
      default:
        return core::PriceSource::kDelayed;
    }
  }
  if (stage == PriceStage::kDelayed) return core::PriceSource::kDelayed;
  return stage == PriceStage::kFrozen ? core::PriceSource::kFrozen : core::PriceSource::kLive;
}

}  // namespace ep::tws_client
