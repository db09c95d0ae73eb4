// The port of a message budget shared by every client of one IB Gateway (README "Several
// processors"): IB limits the messages an API client sends per second, and does not say whether
// the limit counts per client connection or per gateway session, so processors sharing one
// gateway take send slots from one budget. The TWS client asks for slots before it sends; app
// wires an implementation (redis_queue's Redis token bucket) in. No I/O here.
#pragma once

#include <chrono>
#include <string>

#include "core/result.hpp"

namespace ep::core {

struct MessageGrant {
  // Send slots granted now (0..wanted). Each must be used at once (within the validity the
  // caller was configured with) or never.
  int granted = 0;
  // When nothing was granted: how long until a slot frees up.
  std::chrono::microseconds retry_after{0};
  // Clients that asked this budget for slots recently (this one included): the divisor of the
  // conservative local rate used while the budget cannot be reached.
  int sharers = 1;
};

class MessageBudget {
 public:
  virtual ~MessageBudget() = default;
  // Takes up to `wanted` slots. kUnavailable when the budget cannot be reached in time.
  virtual Result<MessageGrant> take(int wanted) = 0;
  // The budget's name for logs (the gateway it guards), never a secret.
  virtual std::string describe() const = 0;
};

}  // namespace ep::core
