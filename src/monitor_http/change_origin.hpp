// The cross-site request rule on changes (README "Management API"): a browser on the operator's
// host must not be usable to change anything, token or not. A change (any method but GET/HEAD)
// is refused with 403 when it names a foreign Origin (or Sec-Fetch-Site says cross-site or
// same-site), and with 415 when it carries a body or Content-Type that is not JSON and no header
// a web page cannot set cross-site without asking (Authorization, X-Requested-With). Without a
// token (loopback clients only) a change must also name a loopback Host (localhost, 127.x, ::1):
// a page whose DNS name was rebound to 127.0.0.1 is same-origin with itself and names its own
// host. A bodiless `curl -X POST` sends neither Origin nor Content-Type and passes. Pure; any
// thread.
#pragma once

#include "monitor_http/http_message.hpp"

namespace ep::monitor_http {

// Needs only the request's method and headers (runs before the body is read); throws HttpError.
void check_change_origin(const ApiRequest& head, bool token_configured);

}  // namespace ep::monitor_http
