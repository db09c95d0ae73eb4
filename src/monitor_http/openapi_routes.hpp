// GET /openapi.json: the management API's OpenAPI document (docs/openapi.json, embedded in the
// binary). tests/e2e/test_openapi.py holds it to the routes the API registers.
#pragma once

#include "monitor_http/router.hpp"

namespace ep::monitor_http {

void add_openapi_routes(Router& router);

}  // namespace ep::monitor_http
