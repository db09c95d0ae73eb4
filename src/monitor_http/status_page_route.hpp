// GET / : the operator's status page (src/monitor_http/status_page.html, built into the binary
// by cmake/EmbedText.cmake). One self-contained page, no outside assets, that reads the JSON
// endpoints of this API every few seconds and changes things (pause, resume, retry, delete)
// through them, so it obeys the same change guard; the token an operator types stays in the
// page's memory. README "Status page" describes what it shows.
#pragma once

#include <string_view>

#include "monitor_http/router.hpp"

namespace ep::monitor_http {

// The page's HTML (generated source).
extern const std::string_view kStatusPageHtml;

void add_status_page_route(Router& router);

}  // namespace ep::monitor_http
