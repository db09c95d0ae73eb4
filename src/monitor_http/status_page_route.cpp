#include "monitor_http/status_page_route.hpp"

#include <string>

namespace ep::monitor_http {

void add_status_page_route(Router& router) {
  router.get("/", [](const auto&, auto& response, const auto&) {
    response.status = 200;
    // The page's own script and style are inline and it talks only to this origin; nothing may
    // frame it (the buttons change state) and nothing else loads.
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; script-src 'unsafe-inline'; "
                        "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
                        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("Cache-Control", "no-store");
    response.set_content(std::string(kStatusPageHtml), "text/html; charset=utf-8");
  });
}

}  // namespace ep::monitor_http
