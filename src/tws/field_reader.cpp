#include "tws/field_reader.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <limits>

namespace ep::tws {
namespace {

constexpr double kUnsetDoubleThreshold = 1.79e308;
constexpr std::int64_t kUnsetLong = std::numeric_limits<std::int64_t>::max();

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<double> parse_double(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string_view body = text;
  const bool negative = body.front() == '-';
  if (body.front() == '+' || negative) body.remove_prefix(1);
  if (iequals(body, "infinity") || iequals(body, "infinite") || iequals(body, "inf")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (body.empty() || !((body.front() >= '0' && body.front() <= '9') || body.front() == '.')) {
    return std::nullopt;  // rejects "nan", "-+1", " 1"
  }
  double value = 0.0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (end != body.data() + body.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Overflow ("1.797693135e+308" is just above DBL_MAX) or underflow (tiny): decide by the
    // exponent's sign.
    const bool tiny =
        body.find("e-") != std::string_view::npos || body.find("E-") != std::string_view::npos;
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (ec != std::errc{}) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_unset_double(double value) {
  return std::isinf(value) || value >= kUnsetDoubleThreshold;
}

core::Error FieldReader::error_at(std::string_view field, std::string_view problem) const {
  std::string message(message_);
  message += ": field ";
  message += std::to_string(pos_);
  if (!field.empty()) {
    message += " (";
    message += field;
    message += ')';
  }
  message += ' ';
  message += problem;
  return core::invalid_input(std::move(message));
}

core::Result<std::string_view> FieldReader::next(std::string_view field) {
  if (pos_ >= fields_.size()) return error_at(field, "is missing");
  return std::string_view(fields_[pos_++]);
}

core::Result<std::int64_t> FieldReader::read_int64(std::string_view field) {
  auto text = next(field);
  if (!text) return text.error();
  if (text->empty()) return std::int64_t{0};
  if (auto value = parse_int64(*text)) return *value;
  --pos_;
  return error_at(field, fmt::format("is not an integer: '{}'", text->substr(0, 40)));
}

core::Result<int> FieldReader::read_int(std::string_view field) {
  auto value = read_int64(field);
  if (!value) return value.error();
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    --pos_;
    return error_at(field, "is out of range for an int");
  }
  return static_cast<int>(*value);
}

core::Result<double> FieldReader::read_double(std::string_view field) {
  auto text = next(field);
  if (!text) return text.error();
  if (text->empty()) return 0.0;
  if (auto value = parse_double(*text)) return *value;
  --pos_;
  return error_at(field, fmt::format("is not a number: '{}'", text->substr(0, 40)));
}

core::Result<std::optional<double>> FieldReader::read_optional_double(std::string_view field) {
  if (pos_ < fields_.size() && fields_[pos_].empty()) {
    ++pos_;
    return std::optional<double>{};
  }
  auto value = read_double(field);
  if (!value) return value.error();
  const double v = *value;
  if (is_unset_double(v) || v == static_cast<double>(kUnsetInt) ||
      v == static_cast<double>(kUnsetLong)) {
    return std::optional<double>{};
  }
  return std::optional<double>(v);
}

core::Result<std::optional<int>> FieldReader::read_optional_int(std::string_view field) {
  if (pos_ < fields_.size() && fields_[pos_].empty()) {
    ++pos_;
    return std::optional<int>{};
  }
  auto value = read_int64(field);
  if (!value) return value.error();
  if (*value == kUnsetInt || *value == kUnsetLong) return std::optional<int>{};
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    --pos_;
    return error_at(field, "is out of range for an int");
  }
  return std::optional<int>(static_cast<int>(*value));
}

core::Result<std::optional<bool>> FieldReader::read_optional_bool(std::string_view field) {
  auto value = read_optional_int(field);
  if (!value) return value.error();
  if (!*value) return std::optional<bool>{};
  return std::optional<bool>(**value > 0);
}

core::Result<bool> FieldReader::read_bool(std::string_view field) {
  auto value = read_int64(field);
  if (!value) return value.error();
  return *value > 0;
}

core::Result<std::string> FieldReader::read_string(std::string_view field) {
  auto text = next(field);
  if (!text) return text.error();
  return std::string(*text);
}

core::Result<Decimal> FieldReader::read_decimal(std::string_view field) {
  auto text = next(field);
  if (!text) return text.error();
  if (text->empty()) return Decimal{};
  if (auto value = parse_double(*text)) return Decimal{std::string(*text), *value};
  --pos_;
  return error_at(field, fmt::format("is not a decimal: '{}'", text->substr(0, 40)));
}

core::Result<TagValues> FieldReader::read_tag_values(std::string_view field) {
  auto text = next(field);
  if (!text) return text.error();
  TagValues values;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    const std::string_view item = rest.substr(0, semi);
    if (!item.empty()) {
      const auto eq = item.find('=');
      if (eq == std::string_view::npos) {
        values.emplace_back(std::string(item), std::string());
      } else {
        values.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
      }
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return values;
}

core::Result<void> FieldReader::skip(std::size_t count) {
  if (remaining() < count) {
    pos_ = fields_.size();
    return error_at("", "is missing (message too short)");
  }
  pos_ += count;
  return core::success();
}

}  // namespace ep::tws
