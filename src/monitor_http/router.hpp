// The management API's own route table over httplib: method + path pattern -> handler, with the
// change guard applied to every non-GET route, 404 for an unknown path, 405 (with Allow) for a
// known path with another method, and every exception turned into a JSON {"detail"} answer.
// Every answer's body passes the service's secret redactor on its way out. Routes are added
// before the server starts; dispatch() then runs on HTTP worker threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/secret_redactor.hpp"
#include "monitor_http/change_guard.hpp"

namespace ep::monitor_http {

// Patterns are literal paths where "{}" stands for one non-empty path segment (no '/');
// captures: those segments in order, e.g. the event id of /queue/events/{}.
using RouteHandler = std::function<void(const httplib::Request& request,
                                        httplib::Response& response,
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

  // Answers one request; never throws.
  void dispatch(const httplib::Request& request, httplib::Response& response) const;

  // For answers httplib made itself (bad request line, unsupported method, body too large):
  // fills a JSON detail body. False when the body is already set.
  bool describe_error(const httplib::Request& request, httplib::Response& response) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" = any one segment
    RouteHandler handler;
  };
  void route(const httplib::Request& request, httplib::Response& response) const;
  void add(std::string method, const std::string& pattern, RouteHandler handler);
  std::string allowed_methods(const std::string& path) const;
  static bool match(const Route& route, std::string_view path, std::vector<std::string>* captures);

  const ChangeGuard& guard_;
  std::shared_ptr<const core::SecretRedactor> redactor_;
  std::vector<Route> routes_;
};

void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_detail(httplib::Response& response, int status, std::string_view detail);

}  // namespace ep::monitor_http
