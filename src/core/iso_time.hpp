// The one text form of a time point: every time in an API answer, a Redis record and an event we
// write is ISO-8601 in UTC with microseconds, as the original writes it (Python's
// datetime.isoformat(), e.g. "2025-07-20T13:31:48.123456+00:00": docs/compatibility.md §2).
// Reading is lenient: the neighbours' spellings ('Z', other offsets, no fraction) are all
// accepted. Also the unix-second form of the sorted-set scores. Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"

namespace ep::core {

// "YYYY-MM-DDTHH:MM:SS.ffffff+00:00" (UTC, microseconds, truncated).
std::string format_iso_time(Timestamp time);

// Accepts "YYYY-MM-DD[T ]HH:MM:SS[.fraction]" followed by "Z", "+HH:MM", "+HHMM", "+HH" (or the
// same with '-'), or nothing (taken as UTC). nullopt for anything else or an impossible date.
std::optional<Timestamp> parse_iso_time(std::string_view text);

// Unix seconds with the fraction kept to the microsecond (sorted-set scores).
double to_unix_seconds(Timestamp time);
// Rounded to the microsecond. A score that is not a number (taken as 0) or beyond what a
// Timestamp holds (about the years 1678..2261; someone else's ZADD) is clamped to that range,
// never undefined behaviour.
Timestamp from_unix_seconds(double seconds);

}  // namespace ep::core
