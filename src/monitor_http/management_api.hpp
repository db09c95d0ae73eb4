// The monitoring and management HTTP API on port 8000 (docs/compatibility.md §7):
// queue views and edits through core::QueueInspector, health and readiness from a LiveStatus
// provider, Prometheus metrics, and the pause switch. Construct, start() from the app's thread,
// stop() (or destroy) from the same thread; requests are served on `threads` worker threads.
// The API never receives the allocation API key, and secret-looking keys are stripped from the
// provider's JSON (redact.hpp).
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "core/clock.hpp"
#include "core/queue_inspector.hpp"
#include "core/result.hpp"
#include "monitor_http/api_settings.hpp"
#include "monitor_http/live_status.hpp"
#include "monitor_http/metrics.hpp"

namespace httplib {
class Server;
}

namespace ep::monitor_http {

class Router;
class ChangeGuard;
struct ApiContext;

class ManagementApi {
 public:
  // inspector, metrics and clock must outlive this object. The provider runs on worker threads.
  ManagementApi(core::QueueInspector& inspector, std::function<LiveStatus()> live_status,
                Metrics& metrics, ApiSettings settings,
                const core::Clock& clock = system_clock());
  ~ManagementApi();
  ManagementApi(const ManagementApi&) = delete;
  ManagementApi& operator=(const ManagementApi&) = delete;

  // Binds (settings.port, or a free port when 0) and serves on a background thread. The socket
  // listens when this returns, so clients may connect at once. Error (unavailable) when the
  // address cannot be bound; calling it twice is an error too.
  core::Result<void> start();
  // The bound port (0 before start()).
  int port() const { return port_; }
  // Stops serving and joins the thread; idempotent.
  void stop();

  static const core::Clock& system_clock();

 private:
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<ChangeGuard> guard_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  std::future<void> listener_done_;  // ready when listen_after_bind() has returned
  int port_ = 0;
};

}  // namespace ep::monitor_http
