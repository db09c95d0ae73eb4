// The last guard of the log: every line written through log.hpp goes through the service's
// secret redactor (core/secret_redactor.hpp) on its way out, so a secret echoed in any spelling
// (an error body quoting the key JSON-escaped or URL-encoded) never reaches the log. Call
// set_redactor at start, before other threads log; any thread may log afterwards.
#pragma once

#include <memory>

#include "core/secret_redactor.hpp"

namespace ep::log {

// Every line written after this call is redacted with `redactor` (null: none). The redactor is
// kept alive for the rest of the process.
void set_redactor(std::shared_ptr<const core::SecretRedactor> redactor);

}  // namespace ep::log
