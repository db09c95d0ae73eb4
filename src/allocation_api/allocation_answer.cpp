#include "allocation_api/allocation_answer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "allocation_api/body_excerpt.hpp"
#include "core/control_characters.hpp"
#include "core/json_limits.hpp"

namespace ep::allocation_api {
namespace {

using nlohmann::json;

bool has_surrounding_space(std::string_view text) {
  return std::isspace(static_cast<unsigned char>(text.front())) != 0 ||
         std::isspace(static_cast<unsigned char>(text.back())) != 0;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// "an array", "a string", "null": the JSON type of a value for a message.
std::string described(const json& value) {
  if (value.is_null()) return "null";
  const std::string name = value.type_name();
  return (name.front() == 'a' || name.front() == 'o' ? "an " : "a ") + name;
}

class AnswerChecker {
 public:
  AnswerChecker(int http_status, std::string_view body, const core::SecretRedactor& redactor)
      : http_status_(http_status), body_(body), redactor_(redactor) {}

  core::Result<core::AllocationAnswer> run() const {
    if (http_status_ != 200) {
      const bool server_side = http_status_ >= 500 || http_status_ == 429;
      const std::string reason = server_side ? "server error or throttled" : "unexpected status";
      return server_side ? core::unavailable(message(reason))
                         : core::invalid_input(message(reason));
    }
    // Refused before parsing: nlohmann would build any depth, and a deep tree overflows the
    // stack when copied or printed.
    if (auto refused = core::check_json_limits(body_, {kMaxJsonDepth, body_.size()})) {
      return fail(*refused);
    }
    const json root = json::parse(body_, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return fail("body is not valid JSON");
    if (!root.is_object()) return fail("body is " + described(root) + ", not an object");

    const auto status = root.find("status");
    if (status == root.end()) return fail("missing \"status\"");
    if (!status->is_string() || status->get_ref<const std::string&>() != "success") {
      return fail("\"status\" is " +
                  shorten(status->dump(-1, ' ', true, json::error_handler_t::replace)) +
                  ", not \"success\"");
    }
    const auto data = root.find("data");
    if (data == root.end()) return fail("missing \"data\"");
    if (!data->is_object()) return fail("\"data\" is " + described(*data) + ", not an object");
    const auto list = data->find("allocations");
    if (list == data->end()) return fail("missing \"data.allocations\"");
    if (!list->is_array()) {
      return fail("\"data.allocations\" is " + described(*list) + ", not an array");
    }
    if (list->empty()) return fail("\"data.allocations\" is empty");

    core::AllocationAnswer answer;
    if (const auto name = data->find("name"); name != data->end() && name->is_string()) {
      answer.strategy_name = name->get<std::string>();
    }
    std::set<std::string> seen;
    double sum = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      const std::string where = fmt::format("data.allocations[{}]", i);
      if (!item.is_object()) return fail(where + " is " + described(item) + ", not an object");

      const auto symbol = item.find("symbol");
      if (symbol == item.end()) return fail(where + ".symbol is missing");
      if (!symbol->is_string()) {
        return fail(where + ".symbol is " + described(*symbol) + ", not a string");
      }
      const auto& text = symbol->get_ref<const std::string&>();
      if (text.empty()) return fail(where + ".symbol is empty");
      if (core::has_control_character(text) || has_surrounding_space(text)) {
        return fail(where + ".symbol has control characters or surrounding spaces");
      }
      if (!seen.insert(upper(text)).second) {
        return fail(where + ".symbol " + shorten(text) + " is a duplicate");
      }

      const auto weight = item.find("allocation");
      if (weight == item.end()) return fail(where + ".allocation is missing");
      if (!weight->is_number()) {
        return fail(where + ".allocation is " + described(*weight) + ", not a number");
      }
      const double value = weight->get<double>();
      if (!std::isfinite(value) || value < 0 || value > 1) {
        return fail(fmt::format("{}.allocation {} is outside [0, 1]", where, value));
      }
      sum += value;
      answer.allocations.push_back({text, value});
    }
    if (std::fabs(sum - 1.0) > kSumTolerance) {
      answer.warnings.push_back(
          fmt::format("allocations sum to {:.4f}, not 1 (tolerance {})", sum, kSumTolerance));
    }
    return answer;
  }

 private:
  std::string message(std::string_view reason) const {
    return fmt::format("allocation API answered HTTP {}: {}; body: {}", http_status_,
                       redactor_.redact(reason), body_excerpt(body_, redactor_));
  }
  core::Error fail(std::string_view reason) const { return core::invalid_input(message(reason)); }
  // A value quoted inside a reason stays short (the excerpt of the body follows anyway).
  std::string shorten(std::string_view text) const { return body_excerpt(text, redactor_, 40); }

  int http_status_;
  std::string_view body_;
  const core::SecretRedactor& redactor_;
};

}  // namespace

core::Result<core::AllocationAnswer> parse_allocation_answer(int http_status, std::string_view body,
                                                             std::string_view secret) {
  return parse_allocation_answer(http_status, body, core::SecretRedactor({std::string(secret)}));
}

core::Result<core::AllocationAnswer> parse_allocation_answer(int http_status, std::string_view body,
                                                             const core::SecretRedactor& redactor) {
  return AnswerChecker(http_status, body, redactor).run();
}

}  // namespace ep::allocation_api
