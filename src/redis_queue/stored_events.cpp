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

// Events a search reads per round trip: a bounded amount of memory whatever the location's size.
constexpr std::size_t kSearchChunk = 1000;
// Consecutive chunks of a list overlap by this much: an element removed before the read
// position between two reads (a take, an operator's removal) shifts the rest towards the start,
// and the overlap keeps that shift from hiding an element. Seeing one twice is harmless.
constexpr std::size_t kSearchOverlap = 100;

std::string index_text(std::size_t index) {
  return std::to_string(index);
}

// LRANGE/ZRANGE stop index of `limit` elements from `offset` (limit >= 1); -1 for all.
std::string stop_index(std::size_t offset, std::size_t limit) {
  if (limit == kAll || limit > 1'000'000'000 || offset > 1'000'000'000) return "-1";
  return index_text(offset + limit - 1);
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
      stored.payload = event->is_string()
                           ? event->get<std::string>()
                           : event->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

StoredEvent stored_from_list(EventLocation where, const std::string& key, std::string member) {
  if (where == EventLocation::kDead) return from_dead_letter(std::move(member));
  StoredEvent stored;
  stored.location = where;
  stored.key = key;
  stored.payload = member;
  stored.member = std::move(member);
  return stored;
}

// Oldest first reads from the consuming (RIGHT) end: skip `offset` from there.
core::Result<std::vector<StoredEvent>> read_list(RedisConnection& connection, EventLocation where,
                                                 const std::string& key, std::size_t offset,
                                                 std::size_t limit, bool oldest_first) {
  if (offset > 1'000'000'000) return std::vector<StoredEvent>{};
  std::vector<std::string> args{"LRANGE", key, index_text(offset), stop_index(offset, limit)};
  if (oldest_first) {
    const std::string stop = "-" + index_text(offset + 1);
    const bool bounded = limit != kAll && limit <= 1'000'000'000;
    args = {"LRANGE", key, bounded ? "-" + index_text(offset + limit) : "0", stop};
  }
  auto reply = connection.command(args);
  if (!reply) return reply.error();
  std::vector<std::string> members = reply->as_strings();
  if (oldest_first) std::reverse(members.begin(), members.end());
  std::vector<StoredEvent> out;
  out.reserve(members.size());
  for (auto& member : members) out.push_back(stored_from_list(where, key, std::move(member)));
  return out;
}

core::Result<std::vector<StoredEvent>> read_sorted_set(RedisConnection& connection,
                                                       EventLocation where, const std::string& key,
                                                       std::size_t offset, std::size_t limit) {
  if (offset > 1'000'000'000) return std::vector<StoredEvent>{};
  auto reply = connection.command(
      {"ZRANGE", key, index_text(offset), stop_index(offset, limit), "WITHSCORES"});
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

// A processing list holds the event its worker runs (one at a time), so the lists are read
// whole and the page is cut from their concatenation.
core::Result<std::vector<StoredEvent>> read_processing(RedisConnection& connection,
                                                       std::size_t offset, std::size_t limit) {
  auto workers = scan_processing_workers(connection);
  if (!workers) return workers.error();
  std::vector<StoredEvent> out;
  std::size_t skipped = 0;
  for (const auto& id : *workers) {
    if (out.size() >= limit) break;
    auto events =
        read_list(connection, EventLocation::kProcessing, keys::processing_list(id), 0, kAll, true);
    if (!events) return events.error();
    for (auto& event : *events) {
      if (skipped < offset) {
        ++skipped;
      } else if (out.size() < limit) {
        out.push_back(std::move(event));
      }
    }
  }
  return out;
}

// True when the stored element is the event `event_id`; `plain` ids are looked for as text
// first, so most elements are never parsed.
bool is_event(const StoredEvent& stored, std::string_view event_id, bool plain) {
  if (plain && stored.member.find(event_id) == std::string::npos) return false;
  const std::string found_id = parse_event_fields(stored.payload).event_id;
  return found_id == event_id || (found_id.empty() && stored.record_event_id == event_id);
}

// A list searched from its start in overlapping chunks.
core::Result<std::optional<StoredEvent>> search_list(RedisConnection& connection,
                                                     EventLocation where, const std::string& key,
                                                     std::string_view event_id, bool plain) {
  auto length = connection.command({"LLEN", key});
  if (!length) return length.error();
  constexpr std::size_t kStep = kSearchChunk - kSearchOverlap;
  // Bounded even when the list grows while it is searched.
  const std::size_t rounds =
      2 * static_cast<std::size_t>(std::max<std::int64_t>(length->integer, 0)) / kStep + 10;
  for (std::size_t round = 0, start = 0; round < rounds; ++round, start += kStep) {
    auto reply = connection.command(
        {"LRANGE", key, index_text(start), index_text(start + kSearchChunk - 1)});
    if (!reply) return reply.error();
    const std::size_t count = reply->elements.size();
    for (auto& member : reply->as_strings()) {
      if (plain && member.find(event_id) == std::string::npos) continue;  // before any parse
      StoredEvent stored = stored_from_list(where, key, std::move(member));
      if (is_event(stored, event_id, plain)) return std::optional<StoredEvent>{std::move(stored)};
    }
    if (count < kSearchChunk) break;
  }
  return std::optional<StoredEvent>{};
}

// A sorted set searched with ZSCAN, which returns every member present for the whole scan even
// while others come and go; a plain id is matched by Redis itself (MATCH), so only candidates
// travel.
core::Result<std::optional<StoredEvent>> search_sorted_set(RedisConnection& connection,
                                                           EventLocation where,
                                                           const std::string& key,
                                                           std::string_view event_id, bool plain) {
  std::string cursor = "0";
  for (int round = 0; round < 1'000'000; ++round) {  // bounded; ZSCAN ends well before
    std::vector<std::string> args{"ZSCAN", key, cursor, "COUNT", index_text(kSearchChunk)};
    if (plain) {
      // Plain ids hold no glob character (* ? [ ] \), so the pattern is the id itself.
      args.insert(args.end(), {"MATCH", "*" + std::string(event_id) + "*"});
    }
    auto reply = connection.command(args);
    if (!reply) return reply.error();
    if (reply->elements.size() != 2) return core::internal_error("redis: ZSCAN: unexpected reply");
    cursor = reply->elements[0].as_string().value_or("0");
    const auto& pairs = reply->elements[1].elements;
    for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
      StoredEvent stored;
      stored.location = where;
      stored.key = key;
      stored.member = pairs[i].as_string().value_or("");
      stored.payload = stored.member;
      stored.score = parse_score(pairs[i + 1].as_string().value_or(""));
      if (is_event(stored, event_id, plain)) return std::optional<StoredEvent>{std::move(stored)};
    }
    if (cursor == "0") break;
  }
  return std::optional<StoredEvent>{};
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
                                                     EventLocation location, std::size_t offset,
                                                     std::size_t limit) {
  if (limit == 0) return std::vector<StoredEvent>{};
  switch (location) {
    case EventLocation::kActive:
      return read_list(connection, location, std::string(keys::kQueue), offset, limit, true);
    case EventLocation::kDelayed:
      return read_sorted_set(connection, location, std::string(keys::kDelayedSet), offset, limit);
    case EventLocation::kMarketClosed:
      return read_sorted_set(connection, location, std::string(keys::kMarketClosedSet), offset,
                             limit);
    case EventLocation::kDead:
      return read_list(connection, location, std::string(keys::kDeadLetter), offset, limit, false);
    case EventLocation::kProcessing:
      return read_processing(connection, offset, limit);
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
    core::Result<std::optional<StoredEvent>> found = std::optional<StoredEvent>{};
    switch (location) {
      case EventLocation::kActive:
        found = search_list(connection, location, std::string(keys::kQueue), event_id, plain_id);
        break;
      case EventLocation::kDead:
        found =
            search_list(connection, location, std::string(keys::kDeadLetter), event_id, plain_id);
        break;
      case EventLocation::kDelayed:
        found = search_sorted_set(connection, location, std::string(keys::kDelayedSet), event_id,
                                  plain_id);
        break;
      case EventLocation::kMarketClosed:
        found = search_sorted_set(connection, location, std::string(keys::kMarketClosedSet),
                                  event_id, plain_id);
        break;
      case EventLocation::kProcessing: {
        auto events = read_processing(connection, 0, kAll);
        if (!events) return events.error();
        for (auto& stored : *events) {
          if (is_event(stored, event_id, plain_id)) {
            return std::optional<StoredEvent>{std::move(stored)};
          }
        }
        break;
      }
    }
    if (!found) return found.error();
    if (found->has_value()) return found;
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
