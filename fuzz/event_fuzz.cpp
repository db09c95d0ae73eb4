// libFuzzer target for the event parser (processor/event.hpp): the input is the raw event text
// as it sits in Redis. Besides "no crash, no UB, no out-of-bounds read", it checks:
// - a refusal is kInvalidInput (the event is dead-lettered) with a non-empty reason;
// - an accepted event has non-empty ids without control characters (they end up in order
//   references, NUL-separated TWS fields and log lines), a known command, an account config
//   exactly when the command needs one (reserve within 0..100 %), times_queued >= 0;
// - peek_ids, which names the event in outcome records, agrees with parse_event;
// - text nested deeper than the event limit (core/json_limits.hpp) is always refused;
// - the same JSON written back by the JSON library (as the queue does when it re-queues an
//   event) parses to the same event.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/json_limits.hpp"
#include "fuzz_check.hpp"
#include "processor/event.hpp"

namespace {

using ep::processor::Event;

bool is_good_id(std::string_view id) {
  return !id.empty() && !ep::fuzz::has_control_character(id);
}

void check_accepted(const Event& event) {
  FUZZ_REQUIRE(is_good_id(event.event_id));
  FUZZ_REQUIRE(is_good_id(event.account_id));
  const auto command = ep::core::find_command(event.command);
  FUZZ_REQUIRE(command.has_value() && command->kind == event.kind);
  FUZZ_REQUIRE(event.account_config.has_value() == command->needs_account_config);
  if (event.account_config) {
    FUZZ_REQUIRE(is_good_id(event.account_config->account_id));
    FUZZ_REQUIRE(is_good_id(event.account_config->strategy));
    const double reserve = event.account_config->cash_reserve_percent;
    FUZZ_REQUIRE(std::isfinite(reserve) && reserve >= 0 && reserve <= 100);
  }
  FUZZ_REQUIRE(event.times_queued >= 0);
}

bool same_event(const Event& a, const Event& b) {
  const bool same_config =
      a.account_config.has_value() == b.account_config.has_value() &&
      (!a.account_config ||
       (a.account_config->account_id == b.account_config->account_id &&
        a.account_config->strategy == b.account_config->strategy &&
        a.account_config->cash_reserve_percent == b.account_config->cash_reserve_percent));
  return same_config && a.event_id == b.event_id && a.account_id == b.account_id &&
         a.command == b.command && a.times_queued == b.times_queued && a.created_at == b.created_at;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const auto event = ep::processor::parse_event(payload);
  const auto ids = ep::processor::peek_ids(payload);
  const auto& limits = ep::core::kEventJsonLimits;
  if (ep::core::json_nesting_depth(payload) > limits.max_depth) FUZZ_REQUIRE(!event);
  if (!event) {
    FUZZ_REQUIRE(event.error().kind == ep::core::ErrorKind::kInvalidInput);
    FUZZ_REQUIRE(ep::fuzz::is_clear(event.error()));
    return 0;
  }
  check_accepted(*event);
  FUZZ_REQUIRE(ids.event_id == event->event_id && ids.account_id == event->account_id &&
               ids.command == event->command);

  // Accepted text is valid JSON, so the library can write it back (UTF-8 already checked).
  const std::string rewritten = nlohmann::json::parse(payload).dump();
  const auto again = ep::processor::parse_event(rewritten);
  FUZZ_REQUIRE(again.ok() && same_event(*again, *event));
  return 0;
}
