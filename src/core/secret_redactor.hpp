// One redactor for every place text leaves the process (log lines, outcome and dead-letter
// records, management API answers): each configured secret is masked in every spelling it may
// take on the way out: raw, JSON-escaped (\/, \uXXXX, at any escaping depth), URL-encoded (%XX
// in either case, + for a space, any mix), and base64 (standard and url-safe alphabets, with or
// without padding, and inside a longer base64 text at any alignment, e.g. Basic credentials).
// Built once at start; redact() is const and may be called from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ep::core {

class SecretRedactor {
 public:
  // Shorter secrets are not redacted: a 1-3 character string occurs in ordinary text, so masking
  // it would mangle every line and the gaps would spell the secret out to a reader.
  static constexpr std::size_t kMinSecretLength = 4;
  static constexpr std::string_view kMask = "***";

  SecretRedactor() = default;
  explicit SecretRedactor(const std::vector<std::string>& secrets);

  // `text` with every spelling of every secret replaced by kMask. JSON text stays valid JSON: a
  // match never starts inside an escape sequence and always ends after a whole one.
  std::string redact(std::string_view text) const;

  bool empty() const { return patterns_.empty(); }
  // The precomputed forms, longest first (each is matched through the encodings above).
  const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  std::size_t match(std::string_view text, std::size_t at, const std::string& pattern) const;

  std::vector<std::string> patterns_;
  // Byte -> indices of the patterns a match may start with at that byte, longest first.
  std::array<std::vector<std::uint16_t>, 256> by_first_byte_;
};

// The base64 forms of `secret` the redactor looks for: the whole encoding in both alphabets with
// and without padding, and the characters that encode the secret's bytes alone when it sits at
// offset 1 or 2 of a longer encoded text (only when at least 8 characters long, so they cannot
// occur by chance).
std::vector<std::string> base64_spellings(std::string_view secret);

}  // namespace ep::core
