// core::AllocationSource over HTTP(S): GET {api_url}/{strategy}/allocations with the x-api-key
// header (docs/allocation-api.md), validated by parse_allocation_answer. fetch() may be
// called from several threads at once (each call uses its own connection). The API key is sent only
// as the header: it is redacted from every error and log line.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "allocation_api/request_target.hpp"
#include "core/allocation_source.hpp"
#include "core/secret_redactor.hpp"

namespace ep::allocation_api {

struct AllocationApiOptions {
  std::string api_url;  // base URL, e.g. https://workers.fintech.zehnlabs.com/api/v1/strategies
  std::string api_key;  // secret: sent as x-api-key, never logged
  // Bound on connecting, on each read and write, and on the whole body download.
  std::chrono::milliseconds timeout{30'000};
  // PEM file of certificates to trust instead of the system store (tests, private CAs).
  std::optional<std::string> ca_file;
  // A longer body is abandoned (kInvalidInput): a good answer is a few kilobytes.
  std::size_t max_body_bytes = 1024 * 1024;
  // The service's redactor for error texts (it knows the API key and the other secrets); null:
  // one of the API key alone is made.
  std::shared_ptr<const core::SecretRedactor> redactor;
};

class HttpAllocationSource final : public core::AllocationSource {
 public:
  // kInvalidInput for an unusable URL, an empty key or one with characters a header cannot
  // carry, a non-positive timeout or a CA file that does not exist.
  static core::Result<std::unique_ptr<HttpAllocationSource>> create(AllocationApiOptions options);

  // Errors: kInvalidInput for a bad strategy id, 4xx or a malformed answer; kUnavailable for
  // connection, TLS and timeout failures, 5xx and 429. Messages carry the strategy, the status
  // and a short body excerpt (key redacted).
  core::Result<core::AllocationAnswer> fetch(const std::string& strategy) override;

 private:
  HttpAllocationSource(AllocationApiOptions options, ApiEndpoint endpoint);

  AllocationApiOptions options_;
  ApiEndpoint endpoint_;
};

}  // namespace ep::allocation_api
