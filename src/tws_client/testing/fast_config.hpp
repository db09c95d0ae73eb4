// Client settings for tests against the scripted server: short timeouts everywhere so each
// test takes well under a second unless it measures pacing. Test-only.
#pragma once

#include <chrono>
#include <cstdint>

#include "tws_client/client_config.hpp"

namespace ep::tws_client::testing {

inline ClientConfig fast_config(std::uint16_t port) {
  using std::chrono::milliseconds;
  ClientConfig config;
  config.host = "127.0.0.1";
  config.port = port;
  config.connect_timeout = milliseconds(1000);
  config.heartbeat_interval = milliseconds(1000);
  config.reconnect_initial = milliseconds(20);
  config.reconnect_max = milliseconds(100);
  config.market_data_stage_timeout = milliseconds(400);
  config.commission_grace = milliseconds(200);
  // The snapshot path, as most tests script it; the stream tests turn streams on.
  config.quote_streams = false;
  config.quote_stream_start_timeout = milliseconds(400);
  return config;
}

inline std::chrono::steady_clock::time_point in_ms(int ms) {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}

}  // namespace ep::tws_client::testing
