#include "sim/market_data.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/messages.hpp"

namespace ep::sim {
namespace {

struct TickIds {
  int bid, ask, last, high, low, volume, close, open, last_timestamp;
};
constexpr TickIds kLiveIds{1, 2, 4, 6, 7, 8, 9, 14, 45};
constexpr TickIds kDelayedIds{66, 67, 68, 72, 73, 74, 75, 76, 88};

bool delayed(int type) {
  return type == 3 || type == 4;
}

tws::Incoming price_tick(int req_id, int tick_type, double price, double size, int attr_mask) {
  return tws::TickPrice{req_id, tick_type, price, tws::Decimal::of(size), attr_mask};
}

double round4(double value) {
  return std::round(value * 1e4) / 1e4;
}

}  // namespace

MarketDataAnswer answer_market_data(int req_id, const SymbolSpec& spec, int requested_type,
                                    TimePoint now) {
  MarketDataAnswer answer;
  const MarketDataPermissions& p = spec.market_data;
  const bool wants_frozen = requested_type == 2 || requested_type == 4;
  const bool accepts_delayed = requested_type == 3 || requested_type == 4;
  if (p.live) {
    answer.market_data_type = 1;  // live data is always returned when available
  } else if (wants_frozen && p.frozen) {
    answer.market_data_type = 2;
  } else if (accepts_delayed && p.delayed) {
    answer.market_data_type = requested_type;
    answer.notice = tws::ErrorMessage{
        req_id, 10167, "Requested market data is not subscribed. Displaying delayed market data.",
        ""};
  } else if (accepts_delayed) {
    answer.refusal = tws::ErrorMessage{
        req_id, 10168,
        "Requested market data is not subscribed. Delayed market data is not enabled.", ""};
    return answer;
  } else {
    answer.refusal = tws::ErrorMessage{
        req_id, 354,
        p.delayed ? "Requested market data is not subscribed.Delayed market data is available."
                  : "Requested market data is not subscribed.",
        ""};
    return answer;
  }
  const TickIds& ids = delayed(answer.market_data_type) ? kDelayedIds : kLiveIds;
  const int attr = delayed(answer.market_data_type) ? 0 : 1;  // canAutoExecute for live quotes
  answer.ticks.push_back(tws::TickReqParams{req_id, spec.min_tick, "9c0001", 3});
  answer.ticks.push_back(price_tick(req_id, ids.bid, spec.bid, 100, attr));
  answer.ticks.push_back(price_tick(req_id, ids.ask, spec.ask, 100, attr));
  answer.ticks.push_back(price_tick(req_id, ids.last, spec.price, 100, 0));
  answer.ticks.push_back(price_tick(req_id, ids.high, std::max(spec.price, spec.close), 0, 0));
  answer.ticks.push_back(price_tick(req_id, ids.low, std::min(spec.price, spec.close), 0, 0));
  answer.ticks.push_back(
      tws::TickSize{req_id, ids.volume, tws::Decimal::of(static_cast<double>(spec.volume))});
  answer.ticks.push_back(price_tick(req_id, ids.close, spec.close, 0, 0));
  answer.ticks.push_back(price_tick(req_id, ids.open, spec.close, 0, 0));
  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  answer.ticks.push_back(tws::TickString{req_id, ids.last_timestamp, std::to_string(epoch)});
  return answer;
}

std::vector<tws::Incoming> price_update_ticks(int req_id, const SymbolSpec& spec,
                                              int market_data_type) {
  const TickIds& ids = delayed(market_data_type) ? kDelayedIds : kLiveIds;
  const int attr = delayed(market_data_type) ? 0 : 1;
  return {price_tick(req_id, ids.bid, spec.bid, 100, attr),
          price_tick(req_id, ids.ask, spec.ask, 100, attr),
          price_tick(req_id, ids.last, spec.price, 100, 0)};
}

core::Result<tws::HistoricalData> historical_bars(const tws::ReqHistoricalData& request,
                                                  const SymbolSpec& spec, TimePoint now) {
  std::istringstream duration_text(request.duration);
  long long amount = 0;
  std::string unit;
  duration_text >> amount >> unit;
  if (amount <= 0 || unit.size() != 1)
    return core::invalid_input("bad duration '" + request.duration + "'");
  long long duration_s = 0;
  switch (unit[0]) {
    case 'S':
      duration_s = amount;
      break;
    case 'D':
      duration_s = amount * 86400;
      break;
    case 'W':
      duration_s = amount * 7 * 86400;
      break;
    case 'M':
      duration_s = amount * 30 * 86400;
      break;
    case 'Y':
      duration_s = amount * 365 * 86400;
      break;
    default:
      return core::invalid_input("bad duration unit in '" + request.duration + "'");
  }
  std::istringstream bar_text(request.bar_size);
  long long bar_amount = 0;
  std::string bar_unit;
  bar_text >> bar_amount >> bar_unit;
  if (bar_amount <= 0 || bar_unit.empty())
    return core::invalid_input("bad bar size '" + request.bar_size + "'");
  long long bar_s = 0;
  if (bar_unit.rfind("sec", 0) == 0)
    bar_s = bar_amount;
  else if (bar_unit.rfind("min", 0) == 0)
    bar_s = bar_amount * 60;
  else if (bar_unit.rfind("hour", 0) == 0)
    bar_s = bar_amount * 3600;
  else if (bar_unit.rfind("day", 0) == 0 || bar_unit.rfind("week", 0) == 0 ||
           bar_unit.rfind("month", 0) == 0)
    bar_s = 86400;
  else
    return core::invalid_input("bad bar size '" + request.bar_size + "'");

  const date::time_zone* tz = date::locate_zone(spec.time_zone);
  const auto local_now = tz->to_local(date::floor<std::chrono::seconds>(now));
  const bool daily = bar_s >= 86400;
  const long long wanted = std::clamp<long long>(
      daily ? std::max(1LL, duration_s / 86400) : duration_s / bar_s, 1, 1000);
  tws::HistoricalData data;
  data.req_id = request.req_id;
  std::vector<std::string> dates;
  if (daily) {
    auto day = date::floor<date::days>(local_now);
    while (static_cast<long long>(dates.size()) < wanted) {
      date::weekday wd{day};
      if (wd != date::Saturday && wd != date::Sunday) dates.push_back(date::format("%Y%m%d", day));
      day -= date::days{1};
    }
  } else {
    const auto end = date::floor<std::chrono::seconds>(now);
    for (long long i = 0; i < wanted; ++i) {
      const auto bar_start = end - std::chrono::seconds{(i + 1) * bar_s};
      if (request.format_date == 2) {
        dates.push_back(std::to_string(bar_start.time_since_epoch().count()));
      } else {
        dates.push_back(date::format("%Y%m%d %H:%M:%S", tz->to_local(bar_start)) + " " +
                        spec.time_zone);
      }
    }
  }
  std::reverse(dates.begin(), dates.end());
  double previous = spec.close;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const bool last = i + 1 == dates.size();
    const double close = last ? spec.price : spec.close;
    tws::Bar bar;
    bar.date = dates[i];
    bar.open = previous;
    bar.close = close;
    bar.high = std::max(bar.open, close);
    bar.low = std::min(bar.open, close);
    bar.volume = tws::Decimal::of(static_cast<double>(spec.volume));
    bar.wap = tws::Decimal::of(round4((bar.high + bar.low + close) / 3));
    bar.bar_count = static_cast<int>(std::min<std::int64_t>(spec.volume / 100, 1'000'000));
    data.bars.push_back(bar);
    previous = close;
  }
  const auto end_local = date::floor<std::chrono::seconds>(local_now);
  data.end_date = date::format("%Y%m%d  %H:%M:%S", end_local);
  data.start_date = date::format("%Y%m%d  %H:%M:%S", end_local - std::chrono::seconds{duration_s});
  return data;
}

}  // namespace ep::sim
