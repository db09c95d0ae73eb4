// ISO-8601 times as the original writes them (Python's datetime.isoformat() in UTC, e.g.
// "2025-07-20T13:31:48.123456+00:00") and unix-second scores of the sorted sets. Pure functions,
// any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"

namespace ep::redis_queue {

// "YYYY-MM-DDTHH:MM:SS.ffffff+00:00" (UTC, microseconds).
std::string format_iso_time(core::Timestamp time);

// Accepts "YYYY-MM-DD[T ]HH:MM:SS[.fraction]" followed by "Z", "+HH:MM", "+HHMM", "+HH" (or the
// same with '-'), or nothing (taken as UTC). nullopt for anything else or an impossible date.
std::optional<core::Timestamp> parse_iso_time(std::string_view text);

// Sorted-set scores: unix seconds with the fraction kept to the microsecond.
double to_unix_seconds(core::Timestamp time);
core::Timestamp from_unix_seconds(double seconds);
// A score as Redis reads it ("1721482308.123456"), no exponent, trailing zeros trimmed.
std::string format_score(double seconds);

}  // namespace ep::redis_queue
