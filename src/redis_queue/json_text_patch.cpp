#include "redis_queue/json_text_patch.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ep::redis_queue {
namespace {

struct MemberSpan {
  std::string key;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// `pos` is at an opening quote; returns the position after the closing quote.
std::size_t skip_string(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && text[pos] != '"') pos += text[pos] == '\\' ? 2u : 1u;
  return std::min(pos + 1, text.size());
}

// `pos` is at the first character of a value; returns the position just after it.
std::size_t skip_value(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return pos;
  if (text[pos] == '"') return skip_string(text, pos);
  if (text[pos] == '{' || text[pos] == '[') {
    int depth = 0;
    while (pos < text.size()) {
      const char c = text[pos];
      if (c == '"') {
        pos = skip_string(text, pos);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        --depth;
        if (depth == 0) return pos + 1;
      }
      ++pos;
    }
    return pos;
  }
  while (pos < text.size() && !is_space(text[pos]) && text[pos] != ',' && text[pos] != '}' &&
         text[pos] != ']') {
    ++pos;
  }
  return pos;
}

struct Replacement {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

}  // namespace

namespace {
std::optional<std::string> patch(std::string_view json,
                                 const std::vector<std::pair<std::string, std::string>>& members) {
  // Validate first: the scanner below may then assume well-formed text.
  if (!nlohmann::json::accept(json)) return std::nullopt;
  std::size_t pos = skip_space(json, 0);
  if (pos >= json.size() || json[pos] != '{') return std::nullopt;
  ++pos;

  std::vector<MemberSpan> spans;
  bool spaced = true;  // Python's json.dumps style ", " and ": " unless the text says otherwise
  pos = skip_space(json, pos);
  while (pos < json.size() && json[pos] == '"') {
    const std::size_t key_end = skip_string(json, pos);
    MemberSpan span;
    span.key = nlohmann::json::parse(json.substr(pos, key_end - pos)).get<std::string>();
    pos = skip_space(json, key_end) + 1;  // past ':'
    if (spans.empty()) spaced = pos < json.size() && json[pos] == ' ';
    span.value_begin = skip_space(json, pos);
    span.value_end = skip_value(json, span.value_begin);
    spans.push_back(std::move(span));
    pos = skip_space(json, spans.back().value_end);
    if (pos < json.size() && json[pos] == ',') pos = skip_space(json, pos + 1);
  }

  std::vector<Replacement> replacements;
  std::string appended;
  for (const auto& [key, value] : members) {
    bool found = false;
    for (const auto& span : spans) {
      if (span.key != key) continue;
      replacements.push_back({span.value_begin, span.value_end, value});
      found = true;
    }
    if (found) continue;
    if (!spans.empty() || !appended.empty()) appended += spaced ? ", " : ",";
    appended += nlohmann::json(key).dump();
    appended += spaced ? ": " : ":";
    appended += value;
  }
  if (!appended.empty()) {
    const std::size_t at =
        spans.empty() ? skip_space(json, json.find('{') + 1) : spans.back().value_end;
    replacements.push_back({at, at, appended});
  }

  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin > b.begin; });
  std::string out(json);
  for (const auto& replacement : replacements) {
    out.replace(replacement.begin, replacement.end - replacement.begin, replacement.text);
  }
  return out;
}
}  // namespace

std::optional<std::string> set_top_level_members(
    std::string_view json, const std::vector<std::pair<std::string, std::string>>& members) {
  try {
    return patch(json, members);
  } catch (const std::exception&) {  // nlohmann on a key it cannot decode; allocation failure
    return std::nullopt;
  }
}

}  // namespace ep::redis_queue
