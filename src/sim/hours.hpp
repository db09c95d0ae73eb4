// Trading and liquid hours of a simulated symbol: a rule ("always", "closed", "regular", a
// weekday window "09:30-16:00", or a window relative to start-up such as open from now+5s),
// the open/closed decision at an instant, and the IB session string of docs/tws-wire-protocol.md
// §14
// ("20261127:0930-20261127:1600;20261128:CLOSED;..."), in the symbol's time zone. Pure
// functions over values; any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::sim {

using TimePoint = core::Timestamp;

struct HoursRule {
  enum class Kind { kAlways, kClosed, kWeekdays, kWindow };
  Kind kind = Kind::kAlways;
  // kWeekdays: local minutes after midnight, Monday..Friday (no holiday calendar).
  int open_minute = 0;
  int close_minute = 0;
  // kWindow: absolute instants (resolved from "now+5s" when the scenario loads).
  std::optional<TimePoint> open_from;
  std::optional<TimePoint> open_until;
};

enum class SessionKind { kTrading, kLiquid };

// "always", "closed", "regular" (04:00-20:00 trading, 09:30-16:00 liquid), "HH:MM-HH:MM",
// or a relative instant ("now+5s": open from then on). Anything else is kInvalidInput.
core::Result<HoursRule> parse_hours(std::string_view text, SessionKind kind, TimePoint now);

// "now", "now+5s", "now-2m", "now+1h", "now+1d" -> an instant.
core::Result<TimePoint> parse_relative_time(std::string_view text, TimePoint now);

// Checks that the IANA zone exists (e.g. "America/New_York", "US/Eastern").
core::Result<void> check_time_zone(std::string_view zone);

bool is_open(const HoursRule& rule, TimePoint at, std::string_view zone);

// Sessions for `days` local days starting with the local date of `now`, ';'-separated.
// Window bounds are rounded inwards to whole minutes, so a client never sees a session open
// before ibsim accepts orders in it.
std::string session_string(const HoursRule& rule, TimePoint now, std::string_view zone,
                           int days = 7);

}  // namespace ep::sim
