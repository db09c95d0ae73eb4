// Removes secret-looking members (api_key, apikey, token, secret, password, authorization, in any
// case) from JSON the API did not build itself, so a status snapshot can never leak the
// allocation API key or a token. Pure; any thread.
#pragma once

#include <nlohmann/json.hpp>

namespace ep::monitor_http {

nlohmann::json redact_secrets(const nlohmann::json& value);

}  // namespace ep::monitor_http
