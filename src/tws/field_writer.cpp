#include "tws/field_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace ep::tws {

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));
  // sci looks like "-1.2345e+02" or "5e-07": split sign, digits and exponent.
  const bool negative = sci.front() == '-';
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e_pos; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  const int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exponent - 1), '0');
      out += digits;
    } else {
      const auto int_len = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) out += '0';
  out += std::to_string(magnitude);
  return out;
}

std::string format_decimal(double value) {
  std::string text = format_double(value);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

Decimal Decimal::of(double value) {
  return Decimal{format_decimal(value), value};
}

void FieldWriter::add(std::optional<double> value, UnsetDouble unset) {
  if (value) {
    fields_.push_back(format_double(*value));
  } else if (unset == UnsetDouble::kJavaMax) {
    fields_.emplace_back(kJavaMaxDouble);
  } else {
    fields_.emplace_back();
  }
}

void FieldWriter::add(std::optional<int> value) {
  if (value) {
    fields_.push_back(std::to_string(*value));
  } else {
    fields_.emplace_back();
  }
}

void FieldWriter::add(std::optional<bool> value) {
  if (value) {
    fields_.emplace_back(*value ? "1" : "0");
  } else {
    fields_.emplace_back();
  }
}

void FieldWriter::add_tag_values(const TagValues& values) {
  std::string text;
  for (const auto& [tag, value] : values) {
    text += tag;
    text += '=';
    text += value;
    text += ';';
  }
  fields_.push_back(std::move(text));
}

}  // namespace ep::tws
