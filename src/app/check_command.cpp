#include "app/check_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "allocation_api/http_allocation_source.hpp"
#include "app/cli_config.hpp"
#include "app/wiring.hpp"
#include "core/clock.hpp"
#include "notify/webhook_notifier.hpp"
#include "processor/guards.hpp"
#include "redis_queue/redis_connection.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::app {
namespace {

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}
  void ok(std::string_view what, const std::string& detail) {
    out_ << what << ": ok (" << detail << ")\n";
  }
  void skipped(std::string_view what, const std::string& why) {
    out_ << what << ": skipped: " << why << "\n";
  }
  void failed(std::string_view what, const std::string& reason) {
    out_ << what << ": FAILED: " << reason << "\n";
    all_ok_ = false;
  }
  bool all_ok() const { return all_ok_; }

 private:
  std::ostream& out_;
  bool all_ok_ = true;
};

void check_redis(const config::Config& config, Report& report) {
  redis_queue::RedisConnection redis(redis_options(config));
  auto pong = redis.command({"PING"});
  const std::string where = redis_queue::describe_endpoint(redis_options(config));
  if (pong) {
    report.ok("redis", where);
  } else {
    report.failed("redis", pong.error().message);
  }
}

// The managed accounts, or nullopt after a FAILED line.
std::optional<std::vector<std::string>> check_gateway(const config::Config& config,
                                                      std::chrono::seconds timeout,
                                                      Report& report) {
  auto client = client_config(config);
  // Unset: a random id below the workers' own (3000 and up; README, IB_CLIENT_ID), so the
  // check never takes the client id of a running processor.
  client.client_id = std::nullopt;
  client.connect_timeout = timeout;
  tws_client::TwsBroker broker(client);
  core::SystemClock clock;
  auto accounts = broker.managed_accounts(clock.monotonic() + timeout);
  broker.stop();
  const std::string where = fmt::format("{}:{}", config.ibkr.host, config.ibkr.port);
  if (!accounts) {
    report.failed("gateway", where + ": " + accounts.error().message);
    return std::nullopt;
  }
  report.ok("gateway", fmt::format("{}, managed accounts {}", where, fmt::join(*accounts, ", ")));
  return std::move(*accounts);
}

void check_allocation_api(const config::Config& config, const CheckRequest& request,
                          Report& report) {
  if (!request.strategy) {
    report.skipped("allocation API",
                   "no --strategy given (one GET of that strategy checks the "
                   "URL and the key)");
    return;
  }
  auto options = allocation_options(config);
  options.timeout = std::min<std::chrono::milliseconds>(options.timeout, request.timeout);
  auto source = allocation_api::HttpAllocationSource::create(options);
  if (!source) {
    report.failed("allocation API", source.error().message);
    return;
  }
  auto answer = (*source)->fetch(*request.strategy);
  if (!answer) {
    report.failed("allocation API", answer.error().message);
    return;
  }
  // The URL stays out of the line: it might carry credentials of its own.
  report.ok("allocation API", fmt::format("strategy {}: {} allocations", *request.strategy,
                                          answer->allocations.size()));
}

void check_trading_mode(const config::Config& config,
                        const std::optional<std::vector<std::string>>& accounts, Report& report) {
  const std::string mode(config::to_string(config.ibkr.trading_mode));
  if (!accounts) {
    report.failed("trading mode", mode + ": the gateway's accounts are unknown");
    return;
  }
  auto verdict = processor::check_trading_mode(mode, *accounts);
  if (!verdict) {
    report.failed("trading mode", verdict.error().message);
    return;
  }
  report.ok("trading mode", fmt::format("{}, accounts {}", mode, fmt::join(*accounts, ", ")));
}

// The webhook settings as `run` would take them (the same validation, nothing sent): the
// destination shows scheme and host only, never the URL, which is often a credential.
void check_notifications(const config::Config& config, Report& report) {
  if (!config.notify.webhook_url) {
    report.skipped("notifications", "NOTIFY_WEBHOOK_URL is not set");
    return;
  }
  auto notifier = notify::WebhookNotifier::create(webhook_options(config));
  if (!notifier) {
    report.failed("notifications", "NOTIFY_WEBHOOK_URL: " + notifier.error().message);
    return;
  }
  report.ok(
      "notifications",
      fmt::format("{}, format {}, retry threshold {}, gateway down after {} min; nothing "
                  "sent",
                  (*notifier)->destination(), config.notify.format, config.notify.retry_threshold,
                  config::gateway_down_minutes(config.notify)));
}

}  // namespace

int run_check_command(const CheckRequest& request, std::ostream& out) {
  Report report(out);
  std::ostringstream config_error;
  const auto config = load_cli_config(request.config_path, ConfigNeeds::kAll, config_error);
  if (!config) {
    std::string reason = config_error.str();
    const std::string prefix = "event-processor: configuration error: ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    report.failed("config", reason);
    return 1;
  }
  // "redis host:port", or the master's name and the sentinels that are asked for it.
  report.ok("config",
            fmt::format("trading mode {}, gateway {}:{}, {}",
                        config::to_string(config->ibkr.trading_mode), config->ibkr.host,
                        config->ibkr.port, redis_queue::describe_endpoint(redis_options(*config))));
  check_redis(*config, report);
  const auto accounts = check_gateway(*config, request.timeout, report);
  check_allocation_api(*config, request, report);
  check_trading_mode(*config, accounts, report);
  check_notifications(*config, report);
  return report.all_ok() ? 0 : 1;
}

}  // namespace ep::app
