#include "monitor_http/management_api.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <exception>
#include <future>
#include <utility>

#include "logging/log.hpp"
#include "monitor_http/api_context.hpp"
#include "monitor_http/change_guard.hpp"
#include "monitor_http/health_routes.hpp"
#include "monitor_http/openapi_routes.hpp"
#include "monitor_http/queue_routes.hpp"
#include "monitor_http/router.hpp"
#include "monitor_http/status_page_route.hpp"

namespace ep::monitor_http {
namespace {

// POST bodies are small JSON objects; anything larger is refused with 413 before parsing.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
constexpr time_t kReadTimeoutSeconds = 5;
constexpr time_t kWriteTimeoutSeconds = 5;
constexpr std::chrono::milliseconds kPollStep{1};
constexpr std::chrono::seconds kStartWait{2};

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
      router_(std::make_unique<Router>(*guard_, context_->settings.redactor)) {
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
  auto server = std::make_unique<httplib::Server>();
  const int threads = context_->settings.threads > 0 ? context_->settings.threads : 1;
  server->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  // httplib's default also sets SO_REUSEPORT, which would let a second instance share the port
  // silently; keep only SO_REUSEADDR so a busy port is an error at start.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server->set_payload_max_length(kMaxBodyBytes);
  server->set_read_timeout(kReadTimeoutSeconds);
  server->set_write_timeout(kWriteTimeoutSeconds);

  const Router* router = router_.get();
  auto dispatch = [router](const httplib::Request& request, httplib::Response& response) {
    router->dispatch(request, response);
  };
  // A request without Content-Length or Transfer-Encoding has no body (RFC 9112, 6.3), but
  // httplib reads one until the connection closes or its read timeout ends in 400: a plain
  // `curl -X POST .../processing/pause` would wait 5 s for a 400. Answer those at once.
  server->set_pre_routing_handler(
      [router](const httplib::Request& request, httplib::Response& response) {
        const bool expects_body = request.method == "POST" || request.method == "PUT" ||
                                  request.method == "PATCH" || request.method == "DELETE";
        if (!expects_body || request.has_header("Content-Length") ||
            request.has_header("Transfer-Encoding")) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        router->dispatch(request, response);
        return httplib::Server::HandlerResponse::Handled;
      });
  // Every request goes through the Router, which does its own matching (404, 405, the guard).
  const std::string any = ".*";
  server->Get(any, dispatch);
  server->Post(any, dispatch);
  server->Put(any, dispatch);
  server->Patch(any, dispatch);
  server->Delete(any, dispatch);
  server->Options(any, dispatch);
  httplib::Server::HandlerWithResponse on_error = [router](const httplib::Request& request,
                                                           httplib::Response& response) {
    return router->describe_error(request, response) ? httplib::Server::HandlerResponse::Handled
                                                     : httplib::Server::HandlerResponse::Unhandled;
  };
  server->set_error_handler(std::move(on_error));
  server->set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        log::error("management API: unhandled exception", {{"path", request.path}});
        send_detail(response, 500, "internal error");
      });

  const auto& bind = context_->settings.bind_address;
  const int wanted = context_->settings.port;
  int bound = 0;
  if (wanted == 0) {
    bound = server->bind_to_any_port(bind);
  } else if (server->bind_to_port(bind, wanted)) {
    bound = wanted;
  }
  if (bound <= 0) {
    return core::unavailable("management API cannot listen on " + bind + ":" +
                             std::to_string(wanted));
  }
  port_ = bound;
  httplib::Server* raw = server.get();
  server_ = std::move(server);
  std::promise<void> finished;
  listener_done_ = finished.get_future();
  listener_ = std::thread([raw, finished = std::move(finished)]() mutable {
    raw->listen_after_bind();
    finished.set_value();
  });
  // httplib offers no readiness signal (docs/toolchain.md §3.1) and its stop() does nothing
  // until the accept loop runs; the socket already listens, so clients may connect now. Wait
  // briefly for the loop so an immediate stop() is cheap (stop() copes either way).
  const auto deadline = std::chrono::steady_clock::now() + kStartWait;
  while (!raw->is_running() && std::chrono::steady_clock::now() < deadline &&
         listener_done_.wait_for(kPollStep) != std::future_status::ready) {
  }
  if (listener_done_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    listener_.join();
    server_.reset();
    return core::unavailable("management API stopped listening at once on " + bind + ":" +
                             std::to_string(port_));
  }
  log::info("management API listening",
            {{"bind", bind}, {"port", port_}, {"token_required", guard_->token_configured()}});
  return core::success();
}

void ManagementApi::stop() {
  if (!server_) return;
  // httplib's stop() is a no-op while the accept loop has not started yet, so repeat it until
  // the listener thread reports that listen_after_bind() returned.
  do {
    server_->stop();
  } while (listener_done_.valid() &&
           listener_done_.wait_for(kPollStep) != std::future_status::ready);
  if (listener_.joinable()) listener_.join();
  server_.reset();
}

}  // namespace ep::monitor_http
