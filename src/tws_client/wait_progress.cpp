#include "tws_client/wait_progress.hpp"

#include <algorithm>

#include "logging/log.hpp"

namespace ep::tws_client {
namespace {

std::chrono::milliseconds ms(core::Deadline::duration duration) {
  return std::max(std::chrono::milliseconds{0},
                  std::chrono::duration_cast<std::chrono::milliseconds>(duration));
}

}  // namespace

void WaitBoard::show(std::string what, core::Timestamp since, core::Deadline started,
                     core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  wait_ = core::BrokerWait{std::move(what), since, {}, ms(deadline - started)};
  started_ = started;
  deadline_ = deadline;
}

void WaitBoard::clear() {
  std::lock_guard lock(mutex_);
  wait_.reset();
}

std::optional<core::BrokerWait> WaitBoard::current() const {
  std::lock_guard lock(mutex_);
  if (!wait_) return std::nullopt;
  auto out = *wait_;
  const auto now = std::min(std::chrono::steady_clock::now(), deadline_);
  out.waited = ms(now - started_);
  return out;
}

WaitReport::WaitReport(WaitBoard* board, core::Deadline deadline,
                       std::chrono::milliseconds log_every)
    : board_(board),
      deadline_(deadline),
      log_every_(log_every),
      started_(std::chrono::steady_clock::now()),
      since_(std::chrono::system_clock::now()),
      next_log_(started_ + log_every) {}

WaitReport::~WaitReport() {
  if (board_) board_->clear();
}

void WaitReport::update(std::string what) {
  const auto now = std::chrono::steady_clock::now();
  if (what != what_ && board_) board_->show(what, since_, started_, deadline_);
  what_ = std::move(what);
  if (now < next_log_) return;
  next_log_ = now + log_every_;
  const core::BrokerWait wait{what_, since_, ms(now - started_), ms(deadline_ - started_)};
  log::info("waiting", {{"waiting_for", core::describe(wait)},
                        {"waited_ms", wait.waited.count()},
                        {"limit_ms", wait.limit.count()}});
}

core::Deadline WaitReport::wake(core::Deadline wanted) const {
  return std::min(wanted, next_log_);
}

}  // namespace ep::tws_client
