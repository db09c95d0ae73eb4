#include "notify/webhook_notifier.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <utility>

#include "core/backoff.hpp"
#include "logging/log.hpp"
#include "net/ca_file.hpp"
#include "net/sigpipe_guard.hpp"

namespace ep::notify {
namespace {

using Clock = std::chrono::steady_clock;

bool is_retriable_status(int status) {
  return status >= 500 || status == 429 || status == 408;
}

}  // namespace

core::Result<std::unique_ptr<WebhookNotifier>> WebhookNotifier::create(WebhookOptions options) {
  auto target = parse_webhook_url(options.url);
  if (!target) return core::invalid_input("webhook URL " + target.error().message);
  if (options.timeout.count() <= 0) return core::invalid_input("webhook timeout must be > 0");
  if (options.max_attempts < 1) return core::invalid_input("webhook attempts must be >= 1");
  if (options.queue_capacity < 1) return core::invalid_input("webhook queue must hold >= 1");
  if (auto ca = net::check_ca_file("webhook", options.ca_file); !ca) return ca.error();
  if (!options.redactor) {
    options.redactor =
        std::make_shared<const core::SecretRedactor>(std::vector<std::string>{options.url});
  }
  if (!target->https) {
    log::warn("the notification webhook uses plain http (tests and private networks only)",
              {{"destination", target->display}});
  }
  return std::unique_ptr<WebhookNotifier>(
      new WebhookNotifier(std::move(options), std::move(target).value()));
}

WebhookNotifier::WebhookNotifier(WebhookOptions options, WebhookTarget target)
    : options_(std::move(options)), target_(std::move(target)) {}

WebhookNotifier::~WebhookNotifier() {
  stop();
}

void WebhookNotifier::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void WebhookNotifier::send(const Notification& notification) {
  WebhookRequest request = render_webhook(notification, options_.format);
  request.body = options_.redactor->redact(request.body);
  std::optional<NotificationKind> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      dropped = notification.kind;
    } else {
      if (queue_.size() >= options_.queue_capacity) {
        dropped = queue_.front().kind;
        queue_.pop_front();
      }
      queue_.push_back({notification.kind, std::move(request)});
    }
  }
  cv_.notify_all();
  if (dropped) {
    report(*dropped, "dropped");
    log::warn("notification dropped: the webhook queue is full or stopped",
              {{"kind", to_string(*dropped)}, {"destination", target_.display}});
  }
}

void WebhookNotifier::stop() {
  std::shared_ptr<httplib::Client> in_flight;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    in_flight = in_flight_;
  }
  cv_.notify_all();
  if (in_flight) in_flight->stop();  // closes its socket: the blocked read returns now
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void WebhookNotifier::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Item item = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    deliver(item);
    lock.lock();
  }
  std::deque<Item> left = std::move(queue_);
  queue_.clear();
  lock.unlock();
  for (const auto& item : left) report(item.kind, "dropped");
  if (!left.empty()) {
    log::warn("notifications not delivered at shutdown",
              {{"count", left.size()}, {"destination", target_.display}});
  }
}

void WebhookNotifier::deliver(const Item& item) {
  core::Backoff backoff(options_.retry_initial, options_.retry_max);
  const std::string kind(to_string(item.kind));
  for (int attempt = 1;; ++attempt) {
    const auto started = Clock::now();
    const Attempt result = post_once(item.request);
    const auto latency_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    if (result.delivered) {
      report(item.kind, "sent");
      log::info("notification sent", {{"kind", kind},
                                      {"destination", target_.display},
                                      {"http_status", result.status},
                                      {"attempt", attempt},
                                      {"latency_ms", latency_ms}});
      return;
    }
    const bool stopping = stopping_now();
    const bool last = stopping || !result.retriable || attempt >= options_.max_attempts;
    log::warn(stopping ? "notification abandoned at shutdown"
              : last   ? "notification not delivered"
                       : "notification attempt failed; retrying",
              {{"kind", kind},
               {"destination", target_.display},
               {"http_status", result.status},
               {"error", result.error},
               {"attempt", attempt},
               {"latency_ms", latency_ms}});
    if (last || !wait_before_retry(backoff.next_delay())) {
      report(item.kind, stopping_now() ? "dropped" : "failed");
      return;
    }
  }
}

WebhookNotifier::Attempt WebhookNotifier::post_once(const WebhookRequest& request) {
  const net::SigpipeGuard no_sigpipe;
  auto client = std::make_shared<httplib::Client>(target_.scheme_host_port);
  client->set_connection_timeout(options_.timeout);
  client->set_read_timeout(options_.timeout);
  client->set_write_timeout(options_.timeout);
  client->set_follow_location(false);  // a redirect must not carry the body elsewhere
  client->set_keep_alive(false);
  client->set_url_encode(false);  // the target was checked: sent exactly as configured
  if (target_.https) {
    client->enable_server_certificate_verification(true);
    if (options_.ca_file) client->set_ca_cert_path(*options_.ca_file);
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return {false, false, 0, "stopping"};
    in_flight_ = client;
  }

  httplib::Request http;
  http.method = "POST";
  http.path = target_.target;
  http.set_header("Content-Type", request.content_type);
  http.set_header("User-Agent", std::string(kServiceName));
  for (const auto& [name, value] : request.headers) http.set_header(name, value);
  http.body = request.body;

  Attempt attempt;
  // httplib bounds each read, not the whole answer: a receiver dripping bytes is cut off here.
  const auto deadline = Clock::now() + options_.timeout;
  std::size_t received = 0;
  http.response_handler = [&](const httplib::Response& response) {
    attempt.status = response.status;
    return true;
  };
  http.content_receiver = [&](const char*, std::size_t length, std::uint64_t, std::uint64_t) {
    received += length;
    return received <= options_.max_answer_bytes && Clock::now() < deadline;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  const bool sent = client->send(http, response, error);
  {
    std::lock_guard lock(mutex_);
    in_flight_.reset();
  }
  if (attempt.status == 0 && sent) attempt.status = response.status;
  if (attempt.status >= 200 && attempt.status < 300) {
    attempt.delivered = true;  // the rest of an answer cut short does not matter
  } else if (attempt.status != 0) {
    attempt.retriable = is_retriable_status(attempt.status);
    attempt.error = fmt::format("HTTP {}", attempt.status);
  } else {
    attempt.retriable = true;
    attempt.error = fmt::format("no answer (httplib: {}, timeout {} ms)", httplib::to_string(error),
                                options_.timeout.count());
  }
  return attempt;
}

bool WebhookNotifier::stopping_now() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

bool WebhookNotifier::wait_before_retry(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void WebhookNotifier::report(NotificationKind kind, std::string_view result) const {
  if (options_.on_result) options_.on_result(kind, result);
}

}  // namespace ep::notify
