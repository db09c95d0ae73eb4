#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {

std::string ReceiveEnd::words(const std::string& subject, std::string at_deadline) const {
  if (why_ == Why::kConnectionLost) return subject + ": " + lost_reason_;
  return at_deadline;
}

core::Error cut_short(InFlight in_flight, std::string message) {
  if (in_flight == InFlight::kOrders) return core::unknown_outcome(std::move(message));
  return core::unavailable(std::move(message));
}

std::optional<ReceiveEnd> drop_queued(Mailbox& mailbox) {
  const auto now = std::chrono::steady_clock::now();
  while (auto delivery = mailbox.take(now)) {
    if (auto* lost = std::get_if<ConnectionLost>(&*delivery)) {
      return ReceiveEnd::lost(lost->error.message);
    }
  }
  return std::nullopt;
}

}  // namespace ep::tws_client
