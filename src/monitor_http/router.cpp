#include "monitor_http/router.hpp"

#include <exception>
#include <utility>

#include "logging/log.hpp"
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

std::string reason_of(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 413: return "request body too large";
    case 414: return "request URI too long";
    default: return status >= 500 ? "internal error" : "request failed";
  }
}

}  // namespace

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  // replace: a stored event with invalid UTF-8 must not make the answer fail.
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_detail(httplib::Response& response, int status, std::string_view detail) {
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

void Router::add(std::string method, const std::string& pattern, RouteHandler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
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

void Router::dispatch(const httplib::Request& request, httplib::Response& response) const {
  route(request, response);
  // The single exit of answers: whatever a handler put in (an event's last_error, a history
  // record, the gateway's last error), no secret leaves in any spelling.
  if (redactor_) response.body = redactor_->redact(response.body);
}

void Router::route(const httplib::Request& request, httplib::Response& response) const {
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  const bool changes = method != "GET";
  try {
    for (const auto& route : routes_) {
      std::vector<std::string> captures;
      if (route.method != method || !match(route, request.path, &captures)) continue;
      if (changes) guard_.check(request.get_header_value("Authorization"), request.remote_addr);
      route.handler(request, response, captures);
      if (changes) {
        log::info("management API change",
                  {{"method", method}, {"path", request.path},
                   {"remote_addr", request.remote_addr}, {"status", response.status}});
      }
      return;
    }
    const std::string allowed = allowed_methods(request.path);
    if (allowed.empty()) throw HttpError(404, "no endpoint at " + request.path);
    response.set_header("Allow", allowed);
    throw HttpError(405, request.method + " is not allowed on " + request.path +
                             " (allowed: " + allowed + ")");
  } catch (const HttpError& error) {
    if (error.status() == 401) response.set_header("WWW-Authenticate", "Bearer");
    if (changes && error.status() != 404 && error.status() != 405) {
      log::warn("management API change refused",
                {{"method", method}, {"path", request.path}, {"remote_addr", request.remote_addr},
                 {"status", error.status()}, {"detail", error.detail()}});
    }
    send_detail(response, error.status(), error.detail());
  } catch (const std::exception& error) {
    log::error("management API handler failed", {{"path", request.path}, {"error", error.what()}});
    send_detail(response, 500, "internal error");
  } catch (...) {
    log::error("management API handler failed", {{"path", request.path}});
    send_detail(response, 500, "internal error");
  }
}

bool Router::describe_error(const httplib::Request& request, httplib::Response& response) const {
  if (!response.body.empty()) return false;
  int status = response.status;
  std::string detail = reason_of(status);
  // httplib answers 400 (or 404) itself for a parsed request whose method has no handler here
  // (TRACE, CONNECT, ...): that is a 405 on a known path and a 404 elsewhere.
  const bool routed_method = request.method == "GET" || request.method == "HEAD" ||
                             request.method == "POST" || request.method == "PUT" ||
                             request.method == "PATCH" || request.method == "DELETE" ||
                             request.method == "OPTIONS";
  if ((status == 400 || status == 404) && !routed_method && !request.method.empty() &&
      !request.path.empty()) {
    const std::string allowed = allowed_methods(request.path);
    if (!allowed.empty()) {
      status = 405;
      response.set_header("Allow", allowed);
      detail = request.method + " is not allowed on " + request.path + " (allowed: " + allowed + ")";
    } else {
      status = 404;
      detail = "no endpoint at " + request.path;
    }
  }
  response.status = status;
  send_detail(response, status, detail);
  return true;
}

}  // namespace ep::monitor_http
