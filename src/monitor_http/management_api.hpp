// The monitoring and management HTTP API on port 8000 (docs/compatibility.md §7):
// queue views and edits through core::QueueInspector, health and readiness from a LiveStatus
// provider, Prometheus metrics, and the pause switch. Construct, start() from the app's thread,
// stop() (or destroy) from the same thread; requests are read on one I/O thread and handled on
// `threads` worker threads (http_server.hpp).
// The API never receives the allocation API key, and secret-looking keys are stripped from the
// provider's JSON (redact.hpp).
#pragma once

#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/queue_inspector.hpp"
#include "core/result.hpp"
#include "monitor_http/api_settings.hpp"
#include "monitor_http/live_status.hpp"
#include "monitor_http/metrics.hpp"

namespace ep::monitor_http {

class Router;
class ChangeGuard;
class HttpServer;
class CutReport;
struct ApiContext;

class ManagementApi {
 public:
  // inspector, metrics and clock must outlive this object. The provider runs on worker threads.
  ManagementApi(core::QueueInspector& inspector, std::function<LiveStatus()> live_status,
                Metrics& metrics, ApiSettings settings, const core::Clock& clock = system_clock());
  ~ManagementApi();
  ManagementApi(const ManagementApi&) = delete;
  ManagementApi& operator=(const ManagementApi&) = delete;

  // Binds (settings.port, or a free port when 0) and serves on background threads. The socket
  // listens when this returns, so clients may connect at once. Error (unavailable) when the
  // address cannot be bound; calling it twice is an error too.
  core::Result<void> start();
  // The bound port (0 before start()).
  int port() const { return port_; }
  // Stops serving and joins the threads; idempotent.
  void stop();

  static const core::Clock& system_clock();

 private:
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<ChangeGuard> guard_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<CutReport> cut_report_;  // outlives the server, which reports to it
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

}  // namespace ep::monitor_http
