// The AllocationSource port: a strategy's target weights. Implemented over HTTPS by
// allocation_api and by fakes in tests/support. Called from the processor thread.
#pragma once

#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::core {

struct AllocationAnswer {
  std::string strategy_name;
  std::vector<TargetAllocation> allocations;  // in the API's order
  std::vector<std::string> warnings;          // e.g. "allocations sum to 0.97"
};

class AllocationSource {
 public:
  virtual ~AllocationSource() = default;
  // Errors: kUnavailable for transport failures and 5xx, kInvalidInput for malformed answers
  // (both are retried later by the processor; the message says which it was).
  virtual Result<AllocationAnswer> fetch(const std::string& strategy) = 0;
};

}  // namespace ep::core
