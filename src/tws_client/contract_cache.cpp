#include "tws_client/contract_cache.hpp"

namespace ep::tws_client {

std::int64_t new_york_day(std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const auto utc = floor<seconds>(now);
  const year y = year_month_day{floor<days>(utc)}.year();
  // 02:00 EST is 07:00 UTC; 02:00 EDT is 06:00 UTC.
  const sys_seconds dst_start{sys_days{y / March / Sunday[2]} + hours{7}};
  const sys_seconds dst_end{sys_days{y / November / Sunday[1]} + hours{6}};
  const hours offset = (utc >= dst_start && utc < dst_end) ? hours{-4} : hours{-5};
  return floor<days>(utc + offset).time_since_epoch().count();
}

std::optional<core::ContractInfo> ContractCache::find(const std::shared_ptr<const void>& connection,
                                                      const core::Symbol& symbol,
                                                      std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mu_);
  bind(connection, new_york_day(now));
  auto it = by_symbol_.find(symbol);
  if (it == by_symbol_.end() || it->second.symbol != symbol) return std::nullopt;
  return it->second;
}

void ContractCache::store(const std::shared_ptr<const void>& connection,
                          const core::ContractInfo& info,
                          std::chrono::system_clock::time_point now) {
  if (info.symbol.empty() || info.con_id == 0) return;
  std::lock_guard lock(mu_);
  bind(connection, new_york_day(now));
  by_symbol_[info.symbol] = info;
}

std::size_t ContractCache::size() const {
  std::lock_guard lock(mu_);
  return by_symbol_.size();
}

void ContractCache::bind(const std::shared_ptr<const void>& connection, std::int64_t day) {
  const bool same_connection = !connection_.owner_before(connection) &&
                               !connection.owner_before(connection_) && !connection_.expired();
  if (same_connection && day == day_) return;
  by_symbol_.clear();
  connection_ = connection;
  day_ = day;
}

}  // namespace ep::tws_client
