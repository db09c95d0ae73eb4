#include "monitor_http/router.hpp"

#include <exception>
#include <utility>

#include "logging/log.hpp"
#include "monitor_http/change_origin.hpp"
#include "monitor_http/http_error.hpp"

namespace ep::monitor_http {
namespace {

constexpr const char* kJson = "application/json";

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

}  // namespace

void send_json(ApiResponse& response, int status, const nlohmann::json& body) {
  response.status = status;
  // replace: a stored event with invalid UTF-8 must not make the answer fail.
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_detail(ApiResponse& response, int status, std::string_view detail) {
  send_json(response, status, {{"detail", detail}});
}

void Router::get(const std::string& pattern, RouteHandler handler) {
  add("GET", pattern, std::move(handler));
}
void Router::post(const std::string& pattern, RouteHandler handler) {
  add("POST", pattern, std::move(handler));
}
void Router::del(const std::string& pattern, RouteHandler handler) {
  add("DELETE", pattern, std::move(handler));
}

void Router::get_immediate(const std::string& pattern, RouteHandler handler) {
  add("GET", pattern, std::move(handler), /*immediate=*/true);
}

void Router::add(std::string method, const std::string& pattern, RouteHandler handler,
                 bool immediate) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler), immediate});
}

const Router::Route* Router::find(const ApiRequest& request,
                                  std::vector<std::string>* captures) const {
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  for (const auto& route : routes_) {
    if (captures) captures->clear();
    if (route.method == method && match(route, request.path, captures)) return &route;
  }
  return nullptr;
}

void Router::check_change(const ApiRequest& request) const {
  guard_.check(request.get_header_value("Authorization"), request.remote_addr);
  check_change_origin(request, guard_.token_configured());
}

bool Router::immediate(const ApiRequest& head) const {
  const Route* route = find(head, nullptr);
  return route && route->immediate;
}

bool Router::admit(const ApiRequest& head, ApiResponse& refusal) const {
  const Route* route = find(head, nullptr);
  if (!route || route->method == "GET") return true;
  try {
    check_change(head);
    return true;
  } catch (const HttpError& error) {
    refuse(head, error, refusal);
  }
  if (redactor_) refusal.body = redactor_->redact(refusal.body);
  return false;
}

void Router::refuse(const ApiRequest& request, const HttpError& error, ApiResponse& response) {
  if (error.status() == 401) response.set_header("WWW-Authenticate", "Bearer");
  const bool changes = request.method != "GET" && request.method != "HEAD";
  if (changes && error.status() != 404 && error.status() != 405) {
    log::warn("management API change refused", {{"method", request.method},
                                                {"path", request.path},
                                                {"remote_addr", request.remote_addr},
                                                {"status", error.status()},
                                                {"detail", error.detail()}});
  }
  send_detail(response, error.status(), error.detail());
}

bool Router::match(const Route& route, std::string_view path, std::vector<std::string>* captures) {
  const std::vector<std::string> segments = split_path(path);
  if (segments.size() != route.segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.segments[i] == "{}") {
      if (segments[i].empty()) return false;
      if (captures) captures->push_back(segments[i]);
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

std::string Router::allowed_methods(const std::string& path) const {
  std::string allowed;
  for (const auto& route : routes_) {
    if (!match(route, path, nullptr)) continue;
    if (allowed.find(route.method) != std::string::npos) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += route.method;
  }
  return allowed;
}

void Router::dispatch(const ApiRequest& request, ApiResponse& response) const {
  route(request, response);
  // The single exit of answers: whatever a handler put in (an event's last_error, a history
  // record, the gateway's last error), no secret leaves in any spelling.
  if (redactor_) response.body = redactor_->redact(response.body);
}

void Router::route(const ApiRequest& request, ApiResponse& response) const {
  const bool changes = request.method != "GET" && request.method != "HEAD";
  try {
    std::vector<std::string> captures;
    if (const Route* route = find(request, &captures)) {
      if (changes) check_change(request);
      route->handler(request, response, captures);
      if (changes) {
        log::info("management API change", {{"method", request.method},
                                            {"path", request.path},
                                            {"remote_addr", request.remote_addr},
                                            {"status", response.status}});
      }
      return;
    }
    const std::string allowed = allowed_methods(request.path);
    if (allowed.empty()) throw HttpError(404, "no endpoint at " + request.path);
    response.set_header("Allow", allowed);
    throw HttpError(
        405, request.method + " is not allowed on " + request.path + " (allowed: " + allowed + ")");
  } catch (const HttpError& error) {
    refuse(request, error, response);
  } catch (const std::exception& error) {
    log::error("management API handler failed", {{"path", request.path}, {"error", error.what()}});
    send_detail(response, 500, "internal error");
  } catch (...) {
    log::error("management API handler failed", {{"path", request.path}});
    send_detail(response, 500, "internal error");
  }
}

}  // namespace ep::monitor_http
