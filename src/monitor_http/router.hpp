// The management API's own route table: method + path pattern -> handler, with the change
// guard and the cross-site rule (change_origin.hpp) applied to every non-GET route, 404 for an
// unknown path, 405 (with Allow) for a known path with another method, and every exception
// turned into a JSON {"detail"} answer. Every answer's body passes the service's secret
// redactor on its way out. Routes are added before the server starts; admit() and dispatch()
// then run on the server's threads. Independent of the HTTP server library: requests and
// answers are http_message.hpp values.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/secret_redactor.hpp"
#include "monitor_http/change_guard.hpp"
#include "monitor_http/http_message.hpp"

namespace ep::monitor_http {

class HttpError;

// Patterns are literal paths where "{}" stands for one non-empty path segment (no '/');
// captures: those segments in order, e.g. the event id of /queue/events/{}.
using RouteHandler = std::function<void(const ApiRequest& request, ApiResponse& response,
                                        const std::vector<std::string>& captures)>;

class Router {
 public:
  // `redactor` null: answers go out as the handlers made them.
  explicit Router(const ChangeGuard& guard,
                  std::shared_ptr<const core::SecretRedactor> redactor = nullptr)
      : guard_(guard), redactor_(std::move(redactor)) {}

  void get(const std::string& pattern, RouteHandler handler);
  void post(const std::string& pattern, RouteHandler handler);
  void del(const std::string& pattern, RouteHandler handler);
  // A GET whose handler never waits (no Redis, no lock held for long): the server answers it
  // on its I/O thread, so it answers while every worker waits on a slow store (/health/live).
  void get_immediate(const std::string& pattern, RouteHandler handler);

  // Before the body is read, from the method, path and headers alone: false, with `refusal`
  // filled, when the request would be refused anyway (change guard, cross-site rule), so an
  // unauthenticated change never gets its body read. True for unknown paths (dispatch answers).
  bool admit(const ApiRequest& head, ApiResponse& refusal) const;
  // True when the route that would answer is an immediate one.
  bool immediate(const ApiRequest& head) const;

  // Answers one request; never throws.
  void dispatch(const ApiRequest& request, ApiResponse& response) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" = any one segment
    RouteHandler handler;
    bool immediate = false;
  };
  void route(const ApiRequest& request, ApiResponse& response) const;
  const Route* find(const ApiRequest& request, std::vector<std::string>* captures) const;
  void check_change(const ApiRequest& request) const;
  static void refuse(const ApiRequest& request, const HttpError& error, ApiResponse& response);
  void add(std::string method, const std::string& pattern, RouteHandler handler,
           bool immediate = false);
  std::string allowed_methods(const std::string& path) const;
  static bool match(const Route& route, std::string_view path, std::vector<std::string>* captures);

  const ChangeGuard& guard_;
  std::shared_ptr<const core::SecretRedactor> redactor_;
  std::vector<Route> routes_;
};

void send_json(ApiResponse& response, int status, const nlohmann::json& body);
void send_detail(ApiResponse& response, int status, std::string_view detail);

}  // namespace ep::monitor_http
