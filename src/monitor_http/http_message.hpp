// The request and answer the management API's routes see: plain values, independent of the HTTP
// server library (http_server.hpp fills them from the wire). Member names follow the common
// spelling (has_param, get_header_value, set_content) so route code reads as before.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ep::monitor_http {

struct ApiRequest {
  std::string method;       // as sent: GET, POST, ...
  std::string path;         // percent-decoded, without the query
  std::string remote_addr;  // the client's address as text (127.0.0.1, ::1, ...)
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent, in order
  std::multimap<std::string, std::string> params;            // decoded query parameters
  std::string body;

  // Header names compare without regard to case (RFC 9110, 5.1); the first one wins.
  bool has_header(std::string_view name) const;
  std::string get_header_value(std::string_view name) const;
  bool has_param(const std::string& name) const { return params.count(name) > 0; }
  std::string get_param_value(const std::string& name) const;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type

  void set_content(std::string content, std::string content_type);
  void set_header(std::string name, std::string value);
  std::string get_header_value(std::string_view name) const;
};

bool equals_ignoring_case(std::string_view a, std::string_view b);

}  // namespace ep::monitor_http
