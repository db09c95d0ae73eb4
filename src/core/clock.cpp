#include "core/clock.hpp"

#include <condition_variable>
#include <mutex>

namespace ep::core {

bool SystemClock::wait_until(Deadline deadline, std::stop_token stop) const {
  // A condition nobody notifies: the wait ends at the deadline or, through the token's own
  // callback, the moment a stop is requested.
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  never_notified.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace ep::core
