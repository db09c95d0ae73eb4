// Order references name the event and the leg of every order we place, so a later attempt (or
// an operator) can tell which orders and executions belong to which event. Pure; any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/domain.hpp"

namespace ep::processor {

// "ep:<event_id>:<sell|buy>:<SYMBOL>"
inline std::string order_ref(std::string_view event_id, core::Side side, std::string_view symbol) {
  std::string ref = "ep:";
  ref += event_id;
  ref += side == core::Side::kSell ? ":sell:" : ":buy:";
  ref += symbol;
  return ref;
}

// "ep:<event_id>:" — every leg of the event starts with it.
inline std::string event_ref_prefix(std::string_view event_id) {
  return "ep:" + std::string(event_id) + ":";
}

inline bool belongs_to_event(std::string_view ref, std::string_view event_id) {
  return ref.starts_with(event_ref_prefix(event_id));
}

}  // namespace ep::processor
