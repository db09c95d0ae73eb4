// Sorted-set scores as text for a Redis command: unix seconds (core/iso_time.hpp) written the
// way Redis reads them back. Pure function, any thread.
#pragma once

#include <string>

namespace ep::redis_queue {

// "1721482308.123456": no exponent, microseconds at most, trailing zeros trimmed.
std::string format_score(double seconds);

}  // namespace ep::redis_queue
