// Short, safe excerpts of an allocation API answer for error messages and log lines: the API
// key is redacted, control characters are replaced and the text is cut to a bounded length.
// Pure functions; callable from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ep::allocation_api {

inline constexpr std::size_t kExcerptMaxChars = 200;

// `text` with every occurrence of `secret` replaced by "***" (unchanged when secret is empty).
std::string redact(std::string_view text, std::string_view secret);

// The first max_chars bytes of `body` after redaction, control characters (and DEL) replaced by
// a space, broken UTF-8 by '?', cut on a UTF-8 character boundary, with "..." appended when
// something was cut.
// "<empty>" for an empty body. Redaction runs before the cut so no part of the key survives.
std::string body_excerpt(std::string_view body, std::string_view secret,
                         std::size_t max_chars = kExcerptMaxChars);

}  // namespace ep::allocation_api
