#include "monitor_http/redact.hpp"

#include <array>
#include <string>
#include <string_view>

namespace ep::monitor_http {
namespace {

constexpr std::array<std::string_view, 7> kSecretWords{
    "api_key", "apikey", "api-key", "token", "secret", "password", "authorization"};

bool looks_secret(const std::string& name) {
  std::string lower;
  for (char c : name) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  for (auto word : kSecretWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

nlohmann::json redact_secrets(const nlohmann::json& value) {
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, member] : value.items()) {
      if (!looks_secret(name)) out[name] = redact_secrets(member);
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& element : value) out.push_back(redact_secrets(element));
    return out;
  }
  return value;
}

}  // namespace ep::monitor_http
