#include "tests/support/fake_clock.hpp"

namespace ep::test {

namespace {
// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
}  // namespace

core::Timestamp utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  const auto seconds =
      days_from_civil(year, month, day) * 86400LL + hour * 3600LL + minute * 60LL + second;
  return core::Timestamp{std::chrono::seconds{seconds}};
}

core::Timestamp FakeClock::default_start() {
  return utc(2024, 7, 22, 15, 0);
}

FakeClock::FakeClock(core::Timestamp wall) : wall_(wall), steady_(core::Deadline{}) {}

core::Timestamp FakeClock::now() const {
  std::lock_guard lock(mutex_);
  return wall_;
}

core::Deadline FakeClock::monotonic() const {
  std::lock_guard lock(mutex_);
  return steady_;
}

void FakeClock::set_now(core::Timestamp wall) {
  std::lock_guard lock(mutex_);
  wall_ = wall;
}

void FakeClock::advance(std::chrono::milliseconds step) {
  {
    std::lock_guard lock(mutex_);
    wall_ += step;
    steady_ += step;
  }
  moved_.notify_all();
}

bool FakeClock::wait_until(core::Deadline deadline, std::stop_token stop) const {
  std::unique_lock lock(mutex_);
  ++waits_;
  if (hold_) {
    ++blocked_;
    moved_.notify_all();  // wakes wait_for_blocked_wait
    moved_.wait(lock, stop, [&] { return !hold_ || steady_ >= deadline; });
    --blocked_;
  }
  if (stop.stop_requested()) return false;
  if (steady_ < deadline) {
    const auto step = deadline - steady_;
    steady_ = deadline;
    wall_ += std::chrono::duration_cast<core::Timestamp::duration>(step);
    waited_ += step;
  }
  return true;
}

void FakeClock::hold_waits(bool hold) {
  {
    std::lock_guard lock(mutex_);
    hold_ = hold;
  }
  moved_.notify_all();
}

bool FakeClock::wait_for_blocked_wait(std::chrono::milliseconds limit) const {
  std::unique_lock lock(mutex_);
  return moved_.wait_for(lock, limit, [&] { return blocked_ > 0; });
}

std::int64_t FakeClock::waits() const {
  std::lock_guard lock(mutex_);
  return waits_;
}

std::chrono::nanoseconds FakeClock::waited() const {
  std::lock_guard lock(mutex_);
  return waited_;
}

}  // namespace ep::test
