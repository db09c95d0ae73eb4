#include "monitor_http/management_api.hpp"

#include <utility>

#include "logging/log.hpp"
#include "monitor_http/api_context.hpp"
#include "monitor_http/change_guard.hpp"
#include "monitor_http/cut_report.hpp"
#include "monitor_http/health_routes.hpp"
#include "monitor_http/http_server.hpp"
#include "monitor_http/openapi_routes.hpp"
#include "monitor_http/queue_routes.hpp"
#include "monitor_http/router.hpp"
#include "monitor_http/status_page_route.hpp"

namespace ep::monitor_http {
namespace {

HttpLimits limits_of(const ApiSettings& settings) {
  HttpLimits limits;
  limits.workers = settings.threads > 0 ? static_cast<std::size_t>(settings.threads) : 1;
  limits.connections.request_deadline = settings.request_deadline;
  limits.connections.max_connections = settings.max_connections;
  limits.connections.max_per_client = settings.max_connections_per_client;
  return limits;
}

}  // namespace

const core::Clock& ManagementApi::system_clock() {
  static const core::SystemClock clock;
  return clock;
}

ManagementApi::ManagementApi(core::QueueInspector& inspector,
                             std::function<LiveStatus()> live_status, Metrics& metrics,
                             ApiSettings settings, const core::Clock& clock)
    : context_(std::make_unique<ApiContext>(
          ApiContext{inspector, std::move(live_status), metrics, std::move(settings), clock})),
      guard_(std::make_unique<ChangeGuard>(context_->settings.token,
                                           context_->settings.is_local_client)),
      router_(std::make_unique<Router>(*guard_, context_->settings.redactor)),
      cut_report_(std::make_unique<CutReport>(metrics)) {
  add_health_routes(*router_, *context_);
  add_queue_routes(*router_, *context_);
  add_status_page_route(*router_);
  add_openapi_routes(*router_);
}

ManagementApi::~ManagementApi() {
  stop();
}

core::Result<void> ManagementApi::start() {
  if (server_) return core::internal_error("management API already started");
  auto server =
      std::make_unique<HttpServer>(*router_, limits_of(context_->settings), std::ref(*cut_report_));
  const auto& bind = context_->settings.bind_address;
  auto bound = server->start(bind, context_->settings.port);
  if (!bound.ok()) return core::unavailable("management API: " + bound.error().message);
  port_ = bound.value();
  server_ = std::move(server);
  log::info("management API listening",
            {{"bind", bind}, {"port", port_}, {"token_required", guard_->token_configured()}});
  return core::success();
}

void ManagementApi::stop() {
  if (!server_) return;
  server_->stop();
  server_.reset();
}

}  // namespace ep::monitor_http
