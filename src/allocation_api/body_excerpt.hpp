// Short, safe excerpts of an allocation API answer for error messages and log lines: every
// secret is redacted in every spelling (core::SecretRedactor), control characters are replaced
// and the text is cut to a bounded length.
// Pure functions; callable from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/secret_redactor.hpp"

namespace ep::allocation_api {

inline constexpr std::size_t kExcerptMaxChars = 200;

// The first max_chars bytes of `body` after redaction, control characters (and DEL) replaced by
// a space, broken UTF-8 by '?', cut on a UTF-8 character boundary, with "..." appended when
// something was cut.
// "<empty>" for an empty body. Redaction runs before the cut so no part of the key survives.
std::string body_excerpt(std::string_view body, const core::SecretRedactor& redactor,
                         std::size_t max_chars = kExcerptMaxChars);
// The same with a redactor of this one secret (tests, callers without the service's redactor).
std::string body_excerpt(std::string_view body, std::string_view secret,
                         std::size_t max_chars = kExcerptMaxChars);

}  // namespace ep::allocation_api
