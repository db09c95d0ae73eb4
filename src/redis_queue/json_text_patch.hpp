// Minimal edits to the text of a JSON object: replace or add top-level members while every
// other byte (unknown fields, key order, number spelling, escapes, spacing) stays as it was.
// This is how "unknown fields survive a requeue unchanged" (docs/compatibility.md §2) holds byte
// for byte. Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ep::redis_queue {

// Each pair is (key, value as JSON text, e.g. "2" or "\"boom\""). A member present in `json`
// gets its value text replaced (every occurrence, if the key is duplicated); an absent one is
// appended at the end of the object in the document's own separator style. nullopt when `json`
// is not a valid JSON object.
std::optional<std::string> set_top_level_members(
    std::string_view json, const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace ep::redis_queue
