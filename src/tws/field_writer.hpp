// FieldWriter: builds the field list of one outgoing TWS message with the value encodings of
// docs/tws-wire-protocol.md §2.2 (ints as decimal text, doubles like Python's str(), bools as 1/0,
// empty for "unset", tag-value lists as "tag=value;"). Plain value type; one message per writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tws/frame.hpp"

namespace ep::tws {

using TagValues = std::vector<std::pair<std::string, std::string>>;

// A quantity or size (fractional since server 163): kept as the text that travelled on the
// wire, plus its parsed value. Compare and re-encode by text.
struct Decimal {
  std::string text;
  double value = 0.0;
  static Decimal of(double value);  // "100", "0.5", "1.24115341"
  bool operator==(const Decimal&) const = default;
};

// How an unset optional double is spelled. TWS itself sends the Java maximum in some fields
// (order state, adjusted-order prices, realizedPNL); clients send an empty field.
enum class UnsetDouble { kEmpty, kJavaMax };

constexpr std::string_view kJavaMaxDouble = "1.7976931348623157E308";
constexpr int kUnsetInt = 2147483647;

// Python str(float): shortest round-trip digits, "0.0"/"100.0" for integral values, exponent
// form below 1e-4 and from 1e16 ("1e+16", "1.5e-05").
std::string format_double(double value);
// An integral value without ".0" ("100"), otherwise as format_double.
std::string format_decimal(double value);

class FieldWriter {
 public:
  FieldWriter() { fields_.reserve(32); }

  void add(int value) { fields_.push_back(std::to_string(value)); }
  void add(std::int64_t value) { fields_.push_back(std::to_string(value)); }
  void add(double value) { fields_.push_back(format_double(value)); }
  void add(bool value) { fields_.emplace_back(value ? "1" : "0"); }
  void add(std::string_view value) { fields_.emplace_back(value); }
  void add(const char* value) { fields_.emplace_back(value); }
  void add(const std::string& value) { fields_.push_back(value); }
  void add(const Decimal& value) { fields_.push_back(value.text); }
  void add(std::optional<double> value, UnsetDouble unset = UnsetDouble::kEmpty);
  void add(std::optional<int> value);   // unset -> empty
  void add(std::optional<bool> value);  // unset -> empty
  void add_unset_int() { fields_.emplace_back(); }
  void add_unset_double() { fields_.emplace_back(); }
  void add_tag_values(const TagValues& values);

  void reserve(std::size_t count) { fields_.reserve(count); }
  std::size_t size() const { return fields_.size(); }
  Fields take() { return std::move(fields_); }

 private:
  Fields fields_;
};

}  // namespace ep::tws
