#include "sim/control_http.hpp"

#include <httplib.h>

#include <chrono>
#include <future>
#include <thread>

#include "logging/log.hpp"

namespace ep::sim {
namespace {

void reply(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, {{"error", message}});
}

// Parses the request body as JSON or answers 400.
std::optional<nlohmann::json> body_json(const httplib::Request& req, httplib::Response& res) {
  auto json = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    reply_error(res, 400, "body must be JSON");
    return std::nullopt;
  }
  return json;
}

}  // namespace

struct ControlServer::Impl {
  httplib::Server http;
  std::thread thread;
  std::future<void> listen_ended;
  int port = 0;
};

ControlServer::ControlServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ControlServer::~ControlServer() {
  stop();
}

int ControlServer::port() const {
  return impl_->port;
}

void ControlServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  // httplib's stop() does nothing until the listen thread has marked itself running, so a stop
  // right after start would be lost and the join would hang: stop again until the listen loop
  // has ended (each wait wakes as soon as it ends).
  do {
    impl_->http.stop();
  } while (impl_->listen_ended.wait_for(std::chrono::milliseconds(20)) !=
           std::future_status::ready);
  impl_->thread.join();
}

core::Result<std::unique_ptr<ControlServer>> ControlServer::start(Server& server, int port) {
  auto impl = std::make_unique<Impl>();
  httplib::Server& http = impl->http;
  http.new_task_queue = [] { return new httplib::ThreadPool(2); };
  http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"status", "ok"}});
  });
  http.Get("/state", [&server](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, server.state());
  });
  http.Get("/ledger", [&server](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, server.ledger());
  });
  http.Get("/faults", [&server](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, server.faults());
  });
  http.Post("/faults", [&server](const httplib::Request& req, httplib::Response& res) {
    auto json = body_json(req, res);
    if (!json) return;
    auto plan = server.apply_faults(*json);
    if (!plan) return reply_error(res, 400, plan.error().message);
    reply(res, 200, *plan);
  });
  http.Post("/reset", [&server](const httplib::Request&, httplib::Response& res) {
    auto done = server.reset();
    if (!done) return reply_error(res, 500, done.error().message);
    reply(res, 200, {{"status", "reset"}});
  });
  http.Post("/prices", [&server](const httplib::Request& req, httplib::Response& res) {
    auto json = body_json(req, res);
    if (!json) return;
    auto done = server.move_prices(*json);
    if (!done) return reply_error(res, 400, done.error().message);
    reply(res, 200, {{"status", "ok"}});
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        reply_error(res, 500, what);
      });
  if (port == 0) {
    impl->port = http.bind_to_any_port("127.0.0.1");
  } else {
    impl->port = http.bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (impl->port <= 0)
    return core::unavailable("cannot listen on 127.0.0.1:" + std::to_string(port) + " (control)");
  Impl* raw = impl.get();
  std::promise<void> listen_ended;
  impl->listen_ended = listen_ended.get_future();
  impl->thread = std::thread([raw, ended = std::move(listen_ended)]() mutable {
    raw->http.listen_after_bind();
    ended.set_value();
  });
  return std::unique_ptr<ControlServer>(new ControlServer(std::move(impl)));
}

}  // namespace ep::sim
