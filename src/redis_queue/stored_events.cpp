#include "redis_queue/stored_events.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/json_limits.hpp"
#include "redis_queue/event_json.hpp"
#include "redis_queue/keys.hpp"

namespace ep::redis_queue {
namespace {

using core::EventLocation;

// LRANGE/ZRANGE stop index for `limit` elements from the start (limit >= 1).
std::string last_index(std::size_t limit) {
  if (limit == kAll || limit > 1'000'000'000) return "-1";
  return std::to_string(limit - 1);
}

std::optional<double> parse_score(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

StoredEvent from_dead_letter(std::string record) {
  StoredEvent stored;
  stored.location = EventLocation::kDead;
  stored.key = std::string(keys::kDeadLetter);
  // A record too deep or too large for a tree is shown as it is, like a foreign one.
  const bool parsable = !core::check_json_limits(record, core::kRecordJsonLimits);
  const auto json = parsable ? nlohmann::json::parse(record, nullptr, false)
                             : nlohmann::json(nlohmann::json::value_t::discarded);
  if (!json.is_discarded() && json.is_object()) {
    if (const auto event = json.find("event"); event != json.end()) {
      stored.payload = event->is_string() ? event->get<std::string>()
                                          : event->dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace);
    }
    const auto text = [&json](const char* name) {
      const auto it = json.find(name);
      return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    stored.reason = text("reason");
    stored.record_event_id = text("event_id");
    stored.record_account_id = text("account_id");
  } else {
    stored.payload = record;  // not one of our records: show it as it is
  }
  stored.member = std::move(record);
  return stored;
}

core::Result<std::vector<StoredEvent>> read_list(RedisConnection& connection, EventLocation where,
                                                 const std::string& key, std::size_t limit,
                                                 bool oldest_first) {
  std::vector<std::string> args{"LRANGE", key, "0", last_index(limit)};
  if (oldest_first && limit != kAll && limit <= 1'000'000'000) {
    args = {"LRANGE", key, "-" + std::to_string(limit), "-1"};  // the right (oldest) end
  }
  auto reply = connection.command(args);
  if (!reply) return reply.error();
  std::vector<std::string> members = reply->as_strings();
  if (oldest_first) std::reverse(members.begin(), members.end());
  std::vector<StoredEvent> out;
  out.reserve(members.size());
  for (auto& member : members) {
    if (where == EventLocation::kDead) {
      out.push_back(from_dead_letter(std::move(member)));
      continue;
    }
    StoredEvent stored;
    stored.location = where;
    stored.key = key;
    stored.payload = member;
    stored.member = std::move(member);
    out.push_back(std::move(stored));
  }
  return out;
}

core::Result<std::vector<StoredEvent>> read_sorted_set(RedisConnection& connection,
                                                       EventLocation where,
                                                       const std::string& key,
                                                       std::size_t limit) {
  auto reply = connection.command({"ZRANGE", key, "0", last_index(limit), "WITHSCORES"});
  if (!reply) return reply.error();
  std::vector<StoredEvent> out;
  for (std::size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
    StoredEvent stored;
    stored.location = where;
    stored.key = key;
    stored.member = reply->elements[i].as_string().value_or("");
    stored.payload = stored.member;
    stored.score = parse_score(reply->elements[i + 1].as_string().value_or(""));
    out.push_back(std::move(stored));
  }
  return out;
}

core::Result<std::vector<StoredEvent>> read_processing(RedisConnection& connection,
                                                       std::size_t limit) {
  auto workers = scan_processing_workers(connection);
  if (!workers) return workers.error();
  std::vector<StoredEvent> out;
  for (const auto& id : *workers) {
    if (out.size() >= limit) break;
    auto events = read_list(connection, EventLocation::kProcessing, keys::processing_list(id),
                            limit - out.size(), true);
    if (!events) return events.error();
    for (auto& event : *events) out.push_back(std::move(event));
  }
  return out;
}

}  // namespace

core::Result<std::set<std::string>> scan_processing_workers(RedisConnection& connection) {
  std::set<std::string> ids;
  std::string cursor = "0";
  const std::string pattern = std::string(keys::kProcessingPrefix) + "*";
  for (int round = 0; round < 100000; ++round) {  // bounded; SCAN ends well before
    auto reply = connection.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "500"});
    if (!reply) return reply.error();
    if (reply->elements.size() != 2) return core::internal_error("redis: SCAN: unexpected reply");
    cursor = reply->elements[0].as_string().value_or("0");
    for (const auto& name : reply->elements[1].as_strings()) {
      ids.insert(name.substr(keys::kProcessingPrefix.size()));
    }
    if (cursor == "0") break;
  }
  return ids;
}

core::Result<std::vector<StoredEvent>> read_location(RedisConnection& connection,
                                                     EventLocation location, std::size_t limit) {
  if (limit == 0) return std::vector<StoredEvent>{};
  switch (location) {
    case EventLocation::kActive:
      return read_list(connection, location, std::string(keys::kQueue), limit, true);
    case EventLocation::kDelayed:
      return read_sorted_set(connection, location, std::string(keys::kDelayedSet), limit);
    case EventLocation::kMarketClosed:
      return read_sorted_set(connection, location, std::string(keys::kMarketClosedSet), limit);
    case EventLocation::kDead:
      return read_list(connection, location, std::string(keys::kDeadLetter), limit, false);
    case EventLocation::kProcessing:
      return read_processing(connection, limit);
  }
  return std::vector<StoredEvent>{};
}

core::Result<std::optional<StoredEvent>> find_stored(RedisConnection& connection,
                                                     std::string_view event_id,
                                                     std::span<const EventLocation> where) {
  if (event_id.empty()) return std::optional<StoredEvent>{};
  // A plain id appears verbatim in the stored text, so a substring test can skip parsing; an id
  // with characters JSON may escape is compared after parsing only.
  const bool plain_id = std::all_of(event_id.begin(), event_id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
  for (const auto location : where) {
    auto events = read_location(connection, location, kAll);
    if (!events) return events.error();
    for (auto& stored : *events) {
      if (plain_id && stored.member.find(event_id) == std::string::npos) continue;
      const std::string found_id = parse_event_fields(stored.payload).event_id;
      if (found_id == event_id || (found_id.empty() && stored.record_event_id == event_id)) {
        return std::optional<StoredEvent>{std::move(stored)};
      }
    }
  }
  return std::optional<StoredEvent>{};
}

core::EventView to_view(const StoredEvent& stored) {
  const EventFields fields = parse_event_fields(stored.payload);
  core::EventView view;
  view.location = stored.location;
  view.event_id = fields.event_id.empty() ? stored.record_event_id : fields.event_id;
  view.account_id = fields.account_id.empty() ? stored.record_account_id : fields.account_id;
  view.exec_command = fields.exec;
  view.times_queued = fields.times_queued;
  view.created_at = fields.created_at;
  view.score = stored.score;
  view.reason = stored.reason.empty() ? fields.last_error : stored.reason;
  view.payload = stored.payload;
  return view;
}

}  // namespace ep::redis_queue
