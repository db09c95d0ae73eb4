// Settings of the management API, filled by the app from the environment and config.yaml
// (MANAGEMENT_API_BIND, MANAGEMENT_API_PORT, MANAGEMENT_API_TOKEN, processing.retry_delay_seconds,
// SERVICE_VERSION). Plain value; read-only once the ManagementApi is built.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/secret_redactor.hpp"

namespace ep::monitor_http {

// True when a client address may change state without a token (default: loopback only).
using LocalClientCheck = std::function<bool(std::string_view remote_addr)>;

struct ApiSettings {
  std::string bind_address = "127.0.0.1";  // the container sets 0.0.0.0
  int port = 8000;                         // 0: pick a free port (tests); see ManagementApi::port()
  std::string token;                       // MANAGEMENT_API_TOKEN; empty = not set
  std::chrono::seconds retry_delay{60};    // processing.retry_delay_seconds, for retry_after
  std::string service_version;             // SERVICE_VERSION
  int threads = 4;                         // HTTP worker threads
  LocalClientCheck is_local_client;        // empty: is_loopback_address (tests inject their own)
  // Masks secrets in every answer body; null: none (tests).
  std::shared_ptr<const core::SecretRedactor> redactor;
  // Transport limits (README "Management API"): a deadline per whole request, connection caps
  // (ConnectionRegistry cuts the oldest waiting connection to make room).
  std::chrono::milliseconds request_deadline{10'000};
  std::size_t max_connections = 256;
  std::size_t max_connections_per_client = 32;
};

}  // namespace ep::monitor_http
