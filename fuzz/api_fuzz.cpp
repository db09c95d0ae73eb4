// libFuzzer target for the management API's request handling (src/monitor_http): the input is a
// request as a client writes it ("METHOD target\n", header lines "Name: value", an empty line,
// the body), split the way the HTTP server hands it over (path and query pairs still escaped),
// then decoded (percent_decoding.hpp) and run through the Router's admit() and dispatch() over
// the real routes, with an in-memory queue. Besides "no crash, no UB", it checks:
// - every answer has a status from 200 to 599, and every error answer is JSON {"detail": text};
// - admit() refuses only with a 4xx, and a change it refuses never reaches the queue;
// - a change from a foreign Origin, or with a body that is not declared JSON and no custom
//   header, is never answered 2xx (the cross-site rule, change_origin.hpp);
// - GET /health/live always answers 200.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "logging/log.hpp"
#include "monitor_http/api_context.hpp"
#include "monitor_http/change_guard.hpp"
#include "monitor_http/health_routes.hpp"
#include "monitor_http/management_api.hpp"
#include "monitor_http/percent_decoding.hpp"
#include "monitor_http/queue_routes.hpp"
#include "monitor_http/router.hpp"

namespace {

using namespace ep;

// An always-empty queue that counts the changes that reach it.
class MemoryQueue final : public core::QueueInspector {
 public:
  int changes = 0;
  core::Result<void> ping() override { return core::success(); }
  core::Result<core::QueueCounts> counts(core::Timestamp) override { return core::QueueCounts{}; }
  core::Result<std::vector<core::EventView>> list_page(core::EventLocation, core::Page) override {
    return std::vector<core::EventView>{};
  }
  core::Result<std::optional<core::EventView>> find(std::string_view) override {
    return std::optional<core::EventView>{};
  }
  core::Result<bool> remove(std::string_view) override {
    ++changes;
    return false;
  }
  core::Result<core::EnqueueResult> enqueue(std::string_view, std::string_view, std::string_view,
                                            core::Timestamp) override {
    ++changes;
    return core::EnqueueResult{core::EnqueueStatus::kEnqueued, "fuzz-1"};
  }
  core::Result<bool> retry_now(std::string_view) override {
    ++changes;
    return false;
  }
  core::Result<std::vector<std::string>> history_page(core::Page) override {
    return std::vector<std::string>{};
  }
  core::Result<void> set_paused(bool) override {
    ++changes;
    return core::success();
  }
  core::Result<bool> paused() override { return false; }
};

struct Api {
  MemoryQueue queue;
  monitor_http::Metrics metrics;
  monitor_http::ChangeGuard guard{"", nullptr};
  monitor_http::ApiContext context{queue, nullptr, metrics, monitor_http::ApiSettings{},
                                   monitor_http::ManagementApi::system_clock()};
  monitor_http::Router router{guard};
  Api() {
    log::setup("CRITICAL");  // refusals are logged as warnings: noise at thousands per second
    monitor_http::add_health_routes(router, context);
    monitor_http::add_queue_routes(router, context);
  }
};

std::string_view next_line(std::string_view& text) {
  const auto end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

monitor_http::ApiRequest parse(std::string_view text) {
  monitor_http::ApiRequest request;
  request.remote_addr = "127.0.0.1";
  std::string_view first = next_line(text);
  const auto space = first.find(' ');
  request.method = std::string(first.substr(0, space));
  std::string_view target = space == std::string_view::npos ? "/" : first.substr(space + 1);
  const auto question = target.find('?');
  request.path = monitor_http::percent_decode(target.substr(0, question), false);
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    const auto eq = pair.find('=');
    request.params.emplace(
        monitor_http::percent_decode(pair.substr(0, eq), true),
        monitor_http::percent_decode(
            eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true));
  }
  for (std::string_view line = next_line(text); !line.empty(); line = next_line(text)) {
    const auto colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  request.body = std::string(text);
  return request;
}

bool is_error_json(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed.is_object() && parsed.contains("detail") && parsed["detail"].is_string() &&
         !parsed["detail"].get<std::string>().empty();
}

bool foreign_origin(const monitor_http::ApiRequest& request) {
  if (!request.has_header("Origin")) return false;
  const std::string origin = request.get_header_value("Origin");
  const std::string host = request.get_header_value("Host");
  return host.empty() || (!monitor_http::equals_ignoring_case(origin, "http://" + host) &&
                          !monitor_http::equals_ignoring_case(origin, "https://" + host));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Api* api = new Api();  // built once: routes and metrics are the costly part
  const monitor_http::ApiRequest request =
      parse(std::string_view(reinterpret_cast<const char*>(data), size));
  const bool change = request.method != "GET" && request.method != "HEAD";
  const int changes_before = api->queue.changes;

  monitor_http::ApiResponse refusal;
  const bool admitted = api->router.admit(request, refusal);
  if (!admitted) {
    FUZZ_REQUIRE(refusal.status >= 400 && refusal.status < 500);
    FUZZ_REQUIRE(is_error_json(refusal.body));
  }
  monitor_http::ApiResponse response;
  api->router.dispatch(request, response);
  FUZZ_REQUIRE(response.status >= 200 && response.status < 600);
  // Errors are {"detail": text}; a probe's 503 (/health, /health/detailed, /health/ready: Redis
  // or the gateway is away) answers with its own JSON object, as documented.
  if (response.status == 503) {
    FUZZ_REQUIRE(nlohmann::json::parse(response.body, nullptr, false).is_object());
  } else if (response.status >= 400) {
    FUZZ_REQUIRE(is_error_json(response.body));
  }
  if (!admitted) {
    FUZZ_REQUIRE(response.status == refusal.status);
    FUZZ_REQUIRE(api->queue.changes == changes_before);
  }
  if (change && response.status < 300) {
    FUZZ_REQUIRE(!foreign_origin(request));
    const bool custom =
        request.has_header("Authorization") || request.has_header("X-Requested-With");
    std::string type = request.get_header_value("Content-Type");
    type.erase(0, type.find_first_not_of(" \t"));
    if (!custom && !type.empty()) {
      FUZZ_REQUIRE(type.size() >= 16 &&
                   monitor_http::equals_ignoring_case(std::string_view(type).substr(0, 16),
                                                      "application/json"));
    }
  }
  if (request.method == "GET" && request.path == "/health/live") {
    FUZZ_REQUIRE(response.status == 200);
  }
  return 0;
}
