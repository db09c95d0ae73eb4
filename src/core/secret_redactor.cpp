#include "core/secret_redactor.hpp"

#include <algorithm>
#include <set>

#include "core/hex_digit.hpp"

namespace ep::core {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes, bool pad) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kStandard[(n >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kStandard[(n >> 18) & 63];
    out += kStandard[(n >> 12) & 63];
    if (rest == 2) out += kStandard[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::string url_safe(std::string text) {
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

// The value of `digits` hex digits at text[at], or -1.
int hex_at(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return -1;
  int value = 0;
  for (std::size_t k = 0; k < digits; ++k) {
    const int digit = hex_digit_value(text[at + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// The letter of JSON's short escape for a control character, or 0.
char short_escape(unsigned char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

// How many bytes of text, from `at`, spell the byte c: itself, %XX, '+' for a space, or a JSON
// escape at any escaping depth (a run of backslashes, then the byte, \uXXXX or a short escape).
// 0 when they do not.
std::size_t spelled_at(std::string_view text, std::size_t at, unsigned char c) {
  if (at >= text.size()) return 0;
  const auto t = static_cast<unsigned char>(text[at]);
  if (t == c) {
    // A backslash in JSON text starts an escape: take it whole (\\ is the backslash itself,
    // anything else is masked with it), so a mask never leaves half an escape behind.
    if (c == '\\' && at + 1 < text.size()) {
      if (text[at + 1] == 'u' && hex_at(text, at + 2, 4) >= 0) return 6;
      if (std::string_view("\"\\/bfnrt").find(text[at + 1]) != std::string_view::npos) return 2;
    }
    return 1;
  }
  if (t == '+' && c == ' ') return 1;
  if (t == '%' && hex_at(text, at + 1, 2) == c) return 3;
  if (t != '\\') return 0;
  std::size_t k = at;
  while (k < text.size() && text[k] == '\\') ++k;
  if (k >= text.size()) return 0;
  const auto e = static_cast<unsigned char>(text[k]);
  if (e == c) return k + 1 - at;
  if (e == 'u' && hex_at(text, k + 1, 4) == c) return k + 5 - at;
  if (e != 0 && e == static_cast<unsigned char>(short_escape(c))) return k + 1 - at;
  return 0;
}

}  // namespace

std::vector<std::string> base64_spellings(std::string_view secret) {
  std::vector<std::string> out;
  const std::string padded = base64(secret, true);
  const std::string bare = base64(secret, false);
  for (const auto& text : {padded, bare, url_safe(padded), url_safe(bare)}) out.push_back(text);
  // Inside a longer text the secret's bytes sit at offset 0, 1 or 2 of a 3-byte group: a group
  // mixing them with other bytes (the first at offsets 1 and 2, an incomplete last one) depends
  // on those bytes; the groups between depend on the secret only.
  for (std::size_t offset = 0; offset <= 2; ++offset) {
    const std::string framed = std::string(offset, '\0') + std::string(secret);
    const std::string encoded = base64(framed, false);
    const std::size_t begin = offset == 0 ? 0 : 4;
    const std::size_t end = 4 * (framed.size() / 3);
    if (end < begin + 8) continue;
    const std::string core = encoded.substr(begin, end - begin);
    out.push_back(core);
    out.push_back(url_safe(core));
  }
  return out;
}

SecretRedactor::SecretRedactor(const std::vector<std::string>& secrets) {
  std::set<std::string> unique;
  for (const auto& secret : secrets) {
    if (secret.size() < kMinSecretLength) continue;
    unique.insert(secret);
    for (auto& spelling : base64_spellings(secret)) unique.insert(std::move(spelling));
  }
  patterns_.assign(unique.begin(), unique.end());
  std::stable_sort(patterns_.begin(), patterns_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    const auto first = static_cast<unsigned char>(patterns_[i].front());
    const auto index = static_cast<std::uint16_t>(i);
    by_first_byte_[first].push_back(index);
    if (first != '%') by_first_byte_['%'].push_back(index);
    if (first != '\\') by_first_byte_['\\'].push_back(index);
    if (first == ' ') by_first_byte_['+'].push_back(index);
  }
}

std::size_t SecretRedactor::match(std::string_view text, std::size_t at,
                                  const std::string& pattern) const {
  std::size_t pos = at;
  for (const char c : pattern) {
    const std::size_t used = spelled_at(text, pos, static_cast<unsigned char>(c));
    if (used == 0) return 0;
    pos += used;
  }
  return pos - at;
}

std::string SecretRedactor::redact(std::string_view text) const {
  if (patterns_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t used = 0;
    for (const auto index : by_first_byte_[static_cast<unsigned char>(text[i])]) {
      used = match(text, i, patterns_[index]);
      if (used > 0) break;
    }
    if (used > 0) {
      out.append(kMask);
      i += used;
      continue;
    }
    // No secret starts here. A JSON escape is copied whole, so no match starts inside one
    // (that would leave half an escape behind and break the JSON).
    // Only a well-formed escape is a unit: a stray backslash (e.g. "\u0[" followed by a secret)
    // must not swallow the secret's first byte and hide the rest from the match.
    std::size_t unit = 1;
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == 'u' && hex_at(text, i + 2, 4) >= 0) {
        unit = 6;
      } else if (std::string_view("\"\\/bfnrt").find(text[i + 1]) != std::string_view::npos) {
        unit = 2;
      }
    }
    // A secret whose raw bytes start inside the escape (e.g. "\u000F" followed by "UZZ..."
    // spells "FUZZ...") is masked from the escape's start: the secret never shows, and the
    // escape goes whole.
    std::size_t inside = 0;
    for (std::size_t offset = 1; offset < unit && inside == 0; ++offset) {
      for (const auto index : by_first_byte_[static_cast<unsigned char>(text[i + offset])]) {
        const std::size_t found = match(text, i + offset, patterns_[index]);
        if (found > 0) {
          inside = offset + found;
          break;
        }
      }
    }
    if (inside > 0) {
      out.append(kMask);
      i += inside;
      continue;
    }
    out.append(text.substr(i, unit));
    i += unit;
  }
  return out;
}

}  // namespace ep::core
