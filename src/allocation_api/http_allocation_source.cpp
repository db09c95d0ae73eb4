#include "allocation_api/http_allocation_source.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <utility>

#include "allocation_api/allocation_answer.hpp"
#include "allocation_api/body_excerpt.hpp"
#include "logging/log.hpp"
#include "net/ca_file.hpp"
#include "net/sigpipe_guard.hpp"

namespace ep::allocation_api {
namespace {

using Clock = std::chrono::steady_clock;

// What one GET produced: an HTTP answer, or the reason there is none.
struct Transfer {
  int status = 0;  // 0: no HTTP answer
  std::string body;
  bool body_too_large = false;
  bool deadline_passed = false;
  httplib::Error error = httplib::Error::Success;
};

Transfer get_once(const ApiEndpoint& endpoint, const std::string& path,
                  const AllocationApiOptions& options) {
  const net::SigpipeGuard no_sigpipe;
  httplib::Client client(endpoint.scheme_host_port);
  client.set_connection_timeout(options.timeout);
  client.set_read_timeout(options.timeout);
  client.set_write_timeout(options.timeout);
  client.set_follow_location(false);  // a redirect must not carry the key to another host
  client.set_keep_alive(false);
  if (endpoint.https) {
    client.enable_server_certificate_verification(true);
    if (options.ca_file) client.set_ca_cert_path(*options.ca_file);
  }
  const httplib::Headers headers{{"x-api-key", options.api_key}, {"Accept", "application/json"}};

  Transfer transfer;
  // httplib bounds each read, not the whole body: a server dripping bytes is cut off here.
  const core::Deadline deadline = Clock::now() + options.timeout;
  auto result = client.Get(
      path, headers,
      [&](const httplib::Response& response) {
        transfer.status = response.status;
        return true;
      },
      [&](const char* data, std::size_t length) {
        if (transfer.body.size() + length > options.max_body_bytes) {
          transfer.body_too_large = true;
          return false;
        }
        if (Clock::now() > deadline) {
          transfer.deadline_passed = true;
          return false;
        }
        transfer.body.append(data, length);
        return true;
      });
  if (!result) transfer.error = result.error();
  return transfer;
}

// The error for a GET that produced no complete HTTP answer.
core::Error transport_error(const Transfer& transfer, const AllocationApiOptions& options) {
  if (transfer.body_too_large) {
    return core::invalid_input(fmt::format(
        "allocation API answered HTTP {} with a body over {} bytes; body: {}", transfer.status,
        options.max_body_bytes, body_excerpt(transfer.body, *options.redactor)));
  }
  if (transfer.deadline_passed) {
    return core::unavailable(fmt::format("allocation API timed out after {} ms (HTTP {})",
                                         options.timeout.count(), transfer.status));
  }
  std::string what;
  switch (transfer.error) {
    case httplib::Error::Connection:
      what = "could not connect";
      break;
    case httplib::Error::ConnectionTimeout:
      what = "connecting timed out";
      break;
    case httplib::Error::Read:
      what = "reading the answer failed or timed out";
      break;
    case httplib::Error::Write:
      what = "sending the request failed";
      break;
    case httplib::Error::SSLConnection:
      what = "TLS handshake failed";
      break;
    case httplib::Error::SSLLoadingCerts:
      what = "loading the trusted certificates failed";
      break;
    case httplib::Error::SSLServerVerification:
      what = "TLS certificate verification failed";
      break;
    default:
      what = "transport error";
      break;
  }
  return core::unavailable(fmt::format("allocation API: {} (httplib: {}, timeout {} ms)", what,
                                       httplib::to_string(transfer.error),
                                       options.timeout.count()));
}

bool header_safe(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

}  // namespace

core::Result<std::unique_ptr<HttpAllocationSource>> HttpAllocationSource::create(
    AllocationApiOptions options) {
  auto endpoint = parse_api_url(options.api_url);
  if (!endpoint) return endpoint.error();
  if (options.api_key.empty()) return core::invalid_input("allocation API key is empty");
  if (!header_safe(options.api_key)) {
    return core::invalid_input("allocation API key holds characters a header cannot carry");
  }
  if (options.timeout.count() <= 0)
    return core::invalid_input("allocation API timeout must be > 0");
  if (auto ca = net::check_ca_file("allocation API", options.ca_file); !ca) return ca.error();
  if (!options.redactor) {
    options.redactor =
        std::make_shared<const core::SecretRedactor>(std::vector<std::string>{options.api_key});
  }
  if (!endpoint->https) {
    log::warn("allocation API uses plain http: the key travels unencrypted (tests and demo only)",
              {{"api_url", options.api_url}});
  }
  return std::unique_ptr<HttpAllocationSource>(
      new HttpAllocationSource(std::move(options), std::move(endpoint).value()));
}

HttpAllocationSource::HttpAllocationSource(AllocationApiOptions options, ApiEndpoint endpoint)
    : options_(std::move(options)), endpoint_(std::move(endpoint)) {}

core::Result<core::AllocationAnswer> HttpAllocationSource::fetch(const std::string& strategy) {
  const std::string strategy_field = strategy.substr(0, kMaxStrategyLength);
  auto segment = encode_strategy_segment(strategy);
  if (!segment) {
    log::warn("allocation fetch refused",
              {{"strategy", strategy_field}, {"error", segment.error().message}});
    return segment.error();
  }
  const std::string path = allocations_path(endpoint_, *segment);

  const Clock::time_point start = Clock::now();
  const Transfer transfer = get_once(endpoint_, path, options_);
  const auto latency_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();

  core::Result<core::AllocationAnswer> result =
      transfer.error == httplib::Error::Success
          ? parse_allocation_answer(transfer.status, transfer.body, *options_.redactor)
          : core::Result<core::AllocationAnswer>(transport_error(transfer, options_));

  if (!result) {
    // Every message is built from redacted parts; redacting again guards future edits.
    core::Error error = result.error();
    error.message =
        options_.redactor->redact(fmt::format("strategy {}: {}", strategy_field, error.message));
    log::warn("allocation fetch failed", {{"strategy", strategy_field},
                                          {"http_status", transfer.status},
                                          {"latency_ms", latency_ms},
                                          {"error_kind", core::to_string(error.kind)},
                                          {"error", error.message}});
    return error;
  }
  log::info("allocation fetch", {{"strategy", strategy_field},
                                 {"http_status", transfer.status},
                                 {"latency_ms", latency_ms},
                                 {"allocations", result->allocations.size()}});
  for (const auto& warning : result->warnings) {
    log::warn("allocation answer warning", {{"strategy", strategy_field}, {"warning", warning}});
  }
  return result;
}

}  // namespace ep::allocation_api
