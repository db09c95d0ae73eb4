// Sends notifications to NOTIFY_WEBHOOK_URL on a thread of its own, so a slow, failing or
// hanging receiver never slows an event: send() renders and queues (bounded: the oldest is
// dropped when full, and counted), the thread POSTs each one with a deadline per attempt and
// retries connection errors, timeouts, 5xx and 429 with capped backoff. Waits are on a
// condition variable with deadlines; stop() ends the wait and the request in flight at once.
// The URL is never logged or put into an error: log lines name the destination by scheme and
// host only. send() and stop() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/result.hpp"
#include "core/secret_redactor.hpp"
#include "notify/notification.hpp"
#include "notify/webhook_body.hpp"
#include "notify/webhook_url.hpp"

namespace httplib {
class Client;
}

namespace ep::notify {

struct WebhookOptions {
  std::string url;  // secret: the receiver's address, often its only credential
  WebhookFormat format = WebhookFormat::kJson;
  // Bound on connecting, on each read and write, and on the whole exchange of one attempt.
  std::chrono::milliseconds timeout{5'000};
  int max_attempts = 4;  // the first try and up to three retries
  std::chrono::milliseconds retry_initial{1'000};
  std::chrono::milliseconds retry_max{30'000};
  std::size_t queue_capacity = 100;
  std::size_t max_answer_bytes = 64 * 1024;  // more of an answer is not read
  std::optional<std::string> ca_file;        // PEM to trust instead of the system store
  // Applied to every body: no configured secret leaves in a notification.
  std::shared_ptr<const core::SecretRedactor> redactor;
  // Each notification's end: "sent", "failed" (attempts exhausted or not retriable) or
  // "dropped" (pushed out of a full queue, abandoned or still queued at stop). Called on the
  // sender's thread or the caller's of send(); must not block.
  std::function<void(NotificationKind, std::string_view result)> on_result;
};

class WebhookNotifier {
 public:
  // kInvalidInput for an unusable URL (the message names the rule, never the URL), a
  // non-positive timeout, attempts or capacity, or a CA file that does not exist.
  static core::Result<std::unique_ptr<WebhookNotifier>> create(WebhookOptions options);
  ~WebhookNotifier();
  WebhookNotifier(const WebhookNotifier&) = delete;
  WebhookNotifier& operator=(const WebhookNotifier&) = delete;

  void start();
  // Queues the notification; returns at once.
  void send(const Notification& notification);
  // Ends the thread promptly: a retry wait ends, the request in flight is aborted, what is
  // still queued is counted as dropped. Idempotent.
  void stop();

  // The scheme and host, what log lines may show of the URL.
  const std::string& destination() const { return target_.display; }

 private:
  struct Item {
    NotificationKind kind;
    WebhookRequest request;
  };
  struct Attempt {
    bool delivered = false;
    bool retriable = false;
    int status = 0;     // 0: no HTTP answer
    std::string error;  // why there is no answer (httplib's words), empty when there is one
  };

  WebhookNotifier(WebhookOptions options, WebhookTarget target);
  void run();
  void deliver(const Item& item);
  Attempt post_once(const WebhookRequest& request);
  bool stopping_now();
  // Waits `delay` or until stop(); false when stopping.
  bool wait_before_retry(std::chrono::milliseconds delay);
  void report(NotificationKind kind, std::string_view result) const;

  WebhookOptions options_;
  WebhookTarget target_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::shared_ptr<httplib::Client> in_flight_;  // so stop() can abort it
  std::thread thread_;
};

}  // namespace ep::notify
