#include "monitor_http/http_message.hpp"

namespace ep::monitor_http {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

template <class Headers>
const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool ApiRequest::has_header(std::string_view name) const {
  return find_header(headers, name) != nullptr;
}

std::string ApiRequest::get_header_value(std::string_view name) const {
  const std::string* value = find_header(headers, name);
  return value ? *value : std::string();
}

std::string ApiRequest::get_param_value(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

void ApiResponse::set_content(std::string content, std::string content_type) {
  body = std::move(content);
  set_header("Content-Type", std::move(content_type));
}

void ApiResponse::set_header(std::string name, std::string value) {
  for (auto& [key, old] : headers) {
    if (equals_ignoring_case(key, name)) {
      old = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string ApiResponse::get_header_value(std::string_view name) const {
  const std::string* value = find_header(headers, name);
  return value ? *value : std::string();
}

}  // namespace ep::monitor_http
