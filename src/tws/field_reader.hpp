// FieldReader: reads the fields of one incoming TWS message in order, with the tolerant
// encodings of docs/tws-wire-protocol.md §2.2-2.3 (empty numbers are 0, "unset" has several
// spellings, bools are ints > 0). A missing field or a non-numeric number is an error value
// (kInvalidInput) naming the message and the field; nothing ever reads past the end. Plain value
// type over a borrowed Fields (which must outlive it); one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tws/field_writer.hpp"
#include "tws/frame.hpp"

namespace ep::tws {

// Text -> number, tolerant: nullopt when the text is not a number at all. Empty is not a
// number here (the reader maps empty to 0 / unset itself). Doubles accept Java/Python/C
// spellings of the maximum (even "1.797693135e+308", which overflows), "Infinity", "Infinite".
std::optional<double> parse_double(std::string_view text);
std::optional<std::int64_t> parse_int64(std::string_view text);
// True for the "unset" spellings of a double: >= 1.79e308 (or infinite).
bool is_unset_double(double value);

class FieldReader {
 public:
  FieldReader(const Fields& fields, std::string_view message_name, std::size_t start = 0)
      : fields_(fields), message_(message_name), pos_(start) {}

  core::Result<int> read_int(std::string_view field = "");
  core::Result<std::int64_t> read_int64(std::string_view field = "");
  core::Result<double> read_double(std::string_view field = "");
  // Empty, 2147483647, 9223372036854775807 or >= 1.79e308 -> nullopt.
  core::Result<std::optional<double>> read_optional_double(std::string_view field = "");
  // Empty or 2147483647 -> nullopt.
  core::Result<std::optional<int>> read_optional_int(std::string_view field = "");
  core::Result<std::optional<bool>> read_optional_bool(std::string_view field = "");
  core::Result<bool> read_bool(std::string_view field = "");
  core::Result<std::string> read_string(std::string_view field = "");
  core::Result<Decimal> read_decimal(std::string_view field = "");
  core::Result<TagValues> read_tag_values(std::string_view field = "");
  core::Result<void> skip(std::size_t count);

  std::size_t remaining() const { return pos_ < fields_.size() ? fields_.size() - pos_ : 0; }
  std::size_t position() const { return pos_; }
  std::string_view message_name() const { return message_; }

  core::Error error_at(std::string_view field, std::string_view problem) const;

 private:
  core::Result<std::string_view> next(std::string_view field);

  const Fields& fields_;
  std::string_view message_;
  std::size_t pos_;
};

}  // namespace ep::tws
