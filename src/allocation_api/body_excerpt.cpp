#include "allocation_api/body_excerpt.hpp"

#include "core/control_characters.hpp"

namespace ep::allocation_api {

namespace {

bool is_utf8_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when it is not one
// (overlong forms and surrogates are not rejected: the goal is text JSON encoders accept).
std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if (!is_utf8_continuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  return length;
}

}  // namespace

std::string body_excerpt(std::string_view body, std::string_view secret, std::size_t max_chars) {
  return body_excerpt(body, core::SecretRedactor({std::string(secret)}), max_chars);
}

std::string body_excerpt(std::string_view body, const core::SecretRedactor& redactor,
                         std::size_t max_chars) {
  if (body.empty()) return "<empty>";
  // Redact the whole body before cutting: a cut first could leave part of the key visible.
  std::string text = redactor.redact(body);
  bool cut = false;
  if (text.size() > max_chars) {
    std::size_t end = max_chars;
    // Never split a multi-byte UTF-8 character: step back to its first byte.
    while (end > 0 && is_utf8_continuation(static_cast<unsigned char>(text[end]))) --end;
    text.resize(end);
    cut = true;
  }
  // Control characters become spaces and broken UTF-8 becomes '?', so the excerpt can go
  // into any log line or JSON document as it is.
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      text[i++] = '?';
      continue;
    }
    if (length == 1 && core::is_control_character(static_cast<unsigned char>(text[i])))
      text[i] = ' ';
    i += length;
  }
  if (cut) text += "...";
  return text;
}

}  // namespace ep::allocation_api
