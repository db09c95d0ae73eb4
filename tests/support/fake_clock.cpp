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
  std::lock_guard lock(mutex_);
  wall_ += step;
  steady_ += step;
}

}  // namespace ep::test
