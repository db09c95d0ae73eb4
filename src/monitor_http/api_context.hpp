// What the route handlers share: the queue port, the live status provider, the metrics, the
// settings and the clock. Built once by ManagementApi; handlers read it from HTTP worker threads
// (everything here is thread-safe or immutable).
#pragma once

#include <functional>

#include "core/clock.hpp"
#include "core/queue_inspector.hpp"
#include "monitor_http/api_settings.hpp"
#include "monitor_http/live_status.hpp"
#include "monitor_http/metrics.hpp"

namespace ep::monitor_http {

struct ApiContext {
  core::QueueInspector& inspector;
  std::function<LiveStatus()> live_status_provider;
  Metrics& metrics;
  ApiSettings settings;
  const core::Clock& clock;

  // The provider's answer, with secret-looking keys removed; a default (everything false, with
  // the failure in trading_mode_error) when there is no provider or it throws.
  LiveStatus live() const;
  std::string service_version(const LiveStatus& live) const;
};

}  // namespace ep::monitor_http
