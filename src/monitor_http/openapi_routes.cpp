#include "monitor_http/openapi_routes.hpp"

#include <memory>

#include "monitor_http/openapi_document.hpp"

namespace ep::monitor_http {

void add_openapi_routes(Router& router) {
  // Parsed once: the document is fixed for the life of the binary.
  auto document = std::make_shared<const nlohmann::json>(nlohmann::json::parse(kOpenApiJson));
  router.get("/openapi.json", [document](const auto&, auto& response, const auto&) {
    send_json(response, 200, *document);
  });
}

}  // namespace ep::monitor_http
