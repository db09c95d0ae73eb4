#include "monitor_http/queue_routes.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "core/json_limits.hpp"
#include "logging/log.hpp"
#include "monitor_http/event_item.hpp"
#include "monitor_http/history_query.hpp"
#include "monitor_http/http_error.hpp"
#include "monitor_http/request_parsing.hpp"

namespace ep::monitor_http {
namespace {

using nlohmann::json;

// Records a filtered history read looks at: all of rebalance_history (capped at 1000).
constexpr std::size_t kHistoryScan = 1000;

std::optional<std::string> query(const ApiRequest& request, const char* name) {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

// Where the event is, when it exists but cannot be changed the way the client asked.
std::optional<core::EventLocation> location_of(const ApiContext& context,
                                               const std::string& event_id) {
  auto found = take(context.inspector.find(event_id), "look up the event");
  if (!found) return std::nullopt;
  return found->location;
}

void queue_status(const ApiContext& context, ApiResponse& response) {
  const auto counts = take(context.inspector.counts(context.clock.now()), "count the queue");
  auto paused = context.inspector.paused();
  json age = nullptr;
  if (counts.oldest_event_age_seconds) {
    // The original answers whole seconds (an int), never negative.
    age = static_cast<std::int64_t>(std::floor(std::max(0.0, *counts.oldest_event_age_seconds)));
  }
  send_json(response, 200,
            {{"queue_length", counts.queue_length},
             {"active_events_count", counts.active_events_count},
             {"delayed_events_count", counts.delayed_events_count},
             {"oldest_event_age_seconds", age},
             {"events_with_retries", counts.events_with_retries},
             {"paused", paused.ok() ? paused.value() : context.live().paused},
             {"dead_letter_count", counts.dead_letter_count},
             {"processing_count", counts.processing_count},
             {"market_closed_count", counts.market_closed_count},
             {"retry_statistics_age_seconds",
              std::round(counts.retry_statistics_age_seconds * 1000.0) / 1000.0}});
}

// The running event's phase and what it waits for (the processor's live status), on its item
// of the processing list; other workers' events have none here.
void add_progress(const ApiContext& context, json& items) {
  if (items.empty()) return;
  const json processor = context.live().processor;
  const auto current = processor.find("current_event");
  if (current == processor.end() || !current->is_object()) return;
  for (auto& item : items) {
    if (item.value("event_id", "") != current->value("event_id", "")) continue;
    json progress = json::object();
    for (const char* key : {"phase", "phase_since", "waiting_for", "waiting_since", "started_at"}) {
      progress[key] = current->contains(key) ? (*current)[key] : json(nullptr);
    }
    item["progress"] = std::move(progress);
  }
}

void list_events(const ApiContext& context, const ApiRequest& request, ApiResponse& response) {
  const auto type = parse_type(query(request, "type"));
  const std::size_t limit = parse_limit(query(request, "limit"));
  const std::size_t offset = parse_offset(query(request, "offset"));
  json items = json::array();
  auto append = [&](core::EventLocation location, core::Page page) {
    if (page.limit == 0) return;
    for (const auto& view : take(context.inspector.list_page(location, page), "list events")) {
      if (items.size() >= limit) break;
      items.push_back(event_item(view, context.settings.retry_delay));
    }
  };
  if (type) {
    append(*type, {offset, limit});
    if (*type == core::EventLocation::kProcessing) add_progress(context, items);
  } else {  // as the original: both types, active first; the offset counts through both
    std::size_t queued = 0;
    if (offset > 0) {
      queued = static_cast<std::size_t>(std::max<std::int64_t>(
          0, take(context.inspector.counts(context.clock.now()), "count the queue").queue_length));
    }
    if (offset < queued || offset == 0) append(core::EventLocation::kActive, {offset, limit});
    const std::size_t delayed_offset = offset > queued ? offset - queued : 0;
    append(core::EventLocation::kDelayed, {delayed_offset, limit - items.size()});
  }
  send_json(response, 200, items);
}

void get_event(const ApiContext& context, const std::string& event_id, ApiResponse& response) {
  check_event_id(event_id);
  auto found = take(context.inspector.find(event_id), "look up the event");
  if (!found) throw HttpError(404, "event " + event_id + " not found");
  send_json(response, 200, event_item(*found, context.settings.retry_delay));
}

void delete_event(const ApiContext& context, const std::string& event_id, ApiResponse& response) {
  check_event_id(event_id);
  if (!take(context.inspector.remove(event_id), "remove the event")) {
    if (location_of(context, event_id) == core::EventLocation::kProcessing) {
      throw HttpError(409,
                      "event " + event_id + " is being processed right now and cannot be removed");
    }
    throw HttpError(404, "event " + event_id + " not found in the queue, the delayed sets or " +
                             "the dead letters");
  }
  log::info("event removed through the management API", {{"event_id", event_id}});
  send_json(response, 200, {{"message", "Event " + event_id + " removed"}, {"event_id", event_id}});
}

void add_event(const ApiContext& context, const ApiRequest& request, ApiResponse& response) {
  const NewEvent event = parse_new_event(request.body);
  const auto result = take(context.inspector.enqueue(event.account_id, event.exec_command,
                                                     event.data.dump(), context.clock.now()),
                           "enqueue the event");
  const std::string key = event.account_id + ":" + event.exec_command;
  if (result.status == core::EnqueueStatus::kDuplicate) {
    throw HttpError(409, "an event for " + key + " is already active (queued or being " +
                             "processed); wait for it to finish or delete it first");
  }
  log::info("event added through the management API", {{"event_id", result.event_id},
                                                       {"account_id", event.account_id},
                                                       {"exec_command", event.exec_command}});
  send_json(response, 200, {{"message", "Event added to queue"}, {"event_id", result.event_id}});
}

void retry_event(const ApiContext& context, const std::string& event_id, ApiResponse& response) {
  check_event_id(event_id);
  if (!take(context.inspector.retry_now(event_id), "send the event back to the queue")) {
    const auto location = location_of(context, event_id);
    if (location == core::EventLocation::kActive || location == core::EventLocation::kProcessing) {
      throw HttpError(
          409, "event " + event_id + " is already " +
                   (location == core::EventLocation::kActive ? "in the queue" : "being processed"));
    }
    throw HttpError(404, "event " + event_id + " not found among the dead-lettered, delayed or " +
                             "market-closed events");
  }
  log::info("event sent back to the queue through the management API", {{"event_id", event_id}});
  send_json(response, 200,
            {{"message", "Event " + event_id + " sent back to the queue"}, {"event_id", event_id}});
}

// Outcome records, newest first, that pass `filter`: one page of them. The history is capped
// (keys.hpp), so a filtered read looks at all of it and pages through the matches.
json history_records(const ApiContext& context, const HistoryFilter& filter, core::Page page) {
  const bool filtered = filter.event_id || filter.account_id || filter.status;
  json records = json::array();
  const auto texts =
      take(context.inspector.history_page(filtered ? core::Page{0, kHistoryScan} : page),
           "read the history");
  std::size_t skipped = 0;
  for (const auto& text : texts) {
    if (records.size() >= page.limit) break;
    // Never parse a record too deep for a tree (someone else's LPUSH): show it as an error.
    if (auto refused = core::check_json_limits(text, core::kRecordJsonLimits)) {
      if (!filtered) {
        records.push_back(json{{"raw", "<not shown>"}, {"error", "history record " + *refused}});
      }
      continue;
    }
    auto record = json::parse(text, nullptr, /*allow_exceptions=*/false);
    upgrade_history_record(record);
    if (!filtered) {
      records.push_back(record.is_object() ? record : json{{"raw", text}});
    } else if (history_matches(record, filter)) {
      if (skipped < page.offset) {
        ++skipped;
      } else {
        records.push_back(std::move(record));
      }
    }
  }
  return records;
}

void history(const ApiContext& context, const ApiRequest& request, ApiResponse& response) {
  const std::size_t limit = parse_limit(query(request, "limit"));
  const std::size_t offset = parse_offset(query(request, "offset"));
  const HistoryFilter filter = parse_history_filter(
      query(request, "event_id"), query(request, "account_id"), query(request, "status"));
  send_json(response, 200, history_records(context, filter, {offset, limit}));
}

void event_history(const ApiContext& context, const std::string& event_id, ApiResponse& response) {
  check_event_id(event_id);
  HistoryFilter filter;
  filter.event_id = event_id;
  json records = history_records(context, filter, {0, kHistoryScan});
  if (records.empty()) throw HttpError(404, "no outcome record of event " + event_id);
  send_json(response, 200, records);
}

}  // namespace

void add_queue_routes(Router& router, const ApiContext& context) {
  const ApiContext* ctx = &context;
  router.get("/queue/status",
             [ctx](const auto&, auto& response, const auto&) { queue_status(*ctx, response); });
  router.get("/queue/events", [ctx](const auto& request, auto& response, const auto&) {
    list_events(*ctx, request, response);
  });
  router.post("/queue/events", [ctx](const auto& request, auto& response, const auto&) {
    add_event(*ctx, request, response);
  });
  router.get("/queue/events/{}", [ctx](const auto&, auto& response, const auto& captures) {
    get_event(*ctx, captures.at(0), response);
  });
  router.del("/queue/events/{}", [ctx](const auto&, auto& response, const auto& captures) {
    delete_event(*ctx, captures.at(0), response);
  });
  router.post("/queue/events/{}/retry", [ctx](const auto&, auto& response, const auto& captures) {
    retry_event(*ctx, captures.at(0), response);
  });
  router.get("/events/history", [ctx](const auto& request, auto& response, const auto&) {
    history(*ctx, request, response);
  });
  router.get("/events/history/{}", [ctx](const auto&, auto& response, const auto& captures) {
    event_history(*ctx, captures.at(0), response);
  });
}

}  // namespace ep::monitor_http
