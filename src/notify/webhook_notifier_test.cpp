// The sender against a real HTTP receiver on loopback: delivery, retries, a hanging receiver,
// the bounded queue and a prompt stop.
#include "notify/webhook_notifier.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <vector>

namespace ep::notify {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Seen {
  std::string target;  // path and query as received
  std::string content_type;
  std::string title;
  std::string body;
};

// A receiver whose answers the test scripts: a queue of statuses (then 200), or hanging until
// released.
class Receiver {
 public:
  Receiver() {
    server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      std::unique_lock lock(mutex_);
      std::string target = request.path;
      if (!request.params.empty()) {
        target += "?";
        for (const auto& [key, value] : request.params) target += key + "=" + value;
      }
      seen_.push_back({target, request.get_header_value("Content-Type"),
                       request.get_header_value("Title"), request.body});
      changed_.notify_all();
      if (hang_) {
        changed_.wait_for(lock, 20s, [this] { return released_; });
      }
      int status = 200;
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.erase(statuses_.begin());
      }
      response.status = status;
      response.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the listening thread runs; wait for it (bounded).
    const auto deadline = Clock::now() + 5s;
    while (!server_.is_running() && Clock::now() < deadline) std::this_thread::yield();
  }
  ~Receiver() {
    release();
    server_.stop();
    thread_.join();
  }

  std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(port_) + target;
  }
  void answer(std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    statuses_ = std::move(statuses);
  }
  void hang() {
    std::lock_guard lock(mutex_);
    hang_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    changed_.notify_all();
  }
  // Waits (bounded) until `count` requests arrived; returns what arrived.
  std::vector<Seen> wait_for(std::size_t count, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return seen_.size() >= count; });
    return seen_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Seen> seen_;
  std::vector<int> statuses_;
  bool hang_ = false;
  bool released_ = false;
};

// What on_result reported, in order.
class Results {
 public:
  std::function<void(NotificationKind, std::string_view)> callback() {
    return [this](NotificationKind kind, std::string_view result) {
      std::lock_guard lock(mutex_);
      results_.push_back(std::string(to_string(kind)) + ":" + std::string(result));
      changed_.notify_all();
    };
  }
  std::vector<std::string> wait_for(std::size_t count, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return results_.size() >= count; });
    return results_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> results_;
};

Notification note(NotificationKind kind, std::string event_id = "e-1") {
  Notification n;
  n.kind = kind;
  n.message = "something happened";
  n.event_id = std::move(event_id);
  n.reason = "the allocation key is test-key-123456";
  return n;
}

WebhookOptions options(const std::string& url, Results& results) {
  WebhookOptions o;
  o.url = url;
  o.timeout = 2s;
  o.retry_initial = 50ms;
  o.retry_max = 200ms;
  o.on_result = results.callback();
  o.redactor = std::make_shared<const core::SecretRedactor>(
      std::vector<std::string>{"test-key-123456", url});
  return o;
}

TEST(WebhookNotifierTest, PostsTheBodyToThePathAndQueryRedacted) {
  Receiver receiver;
  Results results;
  auto notifier = WebhookNotifier::create(options(receiver.url("/hook/SECRET?t=abc"), results));
  ASSERT_TRUE(notifier) << notifier.error().message;
  EXPECT_EQ((*notifier)->destination(), "http://127.0.0.1");
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kDeadLetter));
  EXPECT_EQ(results.wait_for(1), std::vector<std::string>{"dead_letter:sent"});
  const auto seen = receiver.wait_for(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/hook/SECRET?t=abc");
  EXPECT_EQ(seen[0].content_type, "application/json");
  const auto body = nlohmann::json::parse(seen[0].body);
  EXPECT_EQ(body["kind"], "dead_letter");
  EXPECT_EQ(body["event_id"], "e-1");
  EXPECT_EQ(body["reason"], "the allocation key is ***");
}

TEST(WebhookNotifierTest, NtfyHeadersTravel) {
  Receiver receiver;
  Results results;
  auto o = options(receiver.url("/topic"), results);
  o.format = WebhookFormat::kNtfy;
  auto notifier = WebhookNotifier::create(std::move(o));
  ASSERT_TRUE(notifier);
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kGatewayDown));
  ASSERT_EQ(results.wait_for(1), std::vector<std::string>{"gateway_down:sent"});
  const auto seen = receiver.wait_for(1);
  EXPECT_EQ(seen[0].title, "event-processor: gateway_down");
  EXPECT_EQ(seen[0].content_type, "text/plain; charset=utf-8");
}

TEST(WebhookNotifierTest, RetriesA5xxThenDelivers) {
  Receiver receiver;
  receiver.answer({500, 503});
  Results results;
  auto notifier = WebhookNotifier::create(options(receiver.url("/h"), results));
  ASSERT_TRUE(notifier);
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kRetryThreshold));
  EXPECT_EQ(results.wait_for(1), std::vector<std::string>{"retry_threshold:sent"});
  EXPECT_EQ(receiver.wait_for(3).size(), 3u);
}

TEST(WebhookNotifierTest, A4xxIsNotRetriedAndAttemptsAreBounded) {
  Receiver receiver;
  receiver.answer({404, 500, 500, 500, 500, 500});
  Results results;
  auto o = options(receiver.url("/h"), results);
  o.max_attempts = 3;
  auto notifier = WebhookNotifier::create(std::move(o));
  ASSERT_TRUE(notifier);
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kDeadLetter, "a"));
  (*notifier)->send(note(NotificationKind::kDeadLetter, "b"));
  EXPECT_EQ(results.wait_for(2),
            (std::vector<std::string>{"dead_letter:failed", "dead_letter:failed"}));
  EXPECT_EQ(receiver.wait_for(4).size(), 4u);  // 1 for "a" (404), 3 for "b" (500s)
}

TEST(WebhookNotifierTest, AConnectionRefusedIsRetriedThenFails) {
  std::string url;
  {
    Receiver gone;  // a port nobody listens on once it is destroyed
    url = gone.url("/h");
  }
  Results results;
  auto o = options(url, results);
  o.max_attempts = 2;
  auto notifier = WebhookNotifier::create(std::move(o));
  ASSERT_TRUE(notifier);
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kDeadLetter));
  EXPECT_EQ(results.wait_for(1), std::vector<std::string>{"dead_letter:failed"});
}

TEST(WebhookNotifierTest, AHangingReceiverNeitherBlocksSendNorStop) {
  Receiver receiver;
  receiver.hang();
  Results results;
  auto o = options(receiver.url("/h"), results);
  o.timeout = 30s;
  o.queue_capacity = 2;
  auto notifier = WebhookNotifier::create(std::move(o));
  ASSERT_TRUE(notifier);
  (*notifier)->start();
  (*notifier)->send(note(NotificationKind::kDeadLetter));
  ASSERT_EQ(receiver.wait_for(1).size(), 1u);  // in flight, held by the receiver
  const auto before_sends = Clock::now();
  (*notifier)->send(note(NotificationKind::kRetryThreshold));
  (*notifier)->send(note(NotificationKind::kGatewayDown));
  (*notifier)->send(note(NotificationKind::kGatewayRecovered));  // the queue is full: drops one
  EXPECT_LT(Clock::now() - before_sends, 1s);
  EXPECT_EQ(results.wait_for(1), std::vector<std::string>{"retry_threshold:dropped"});

  const auto before_stop = Clock::now();
  (*notifier)->stop();
  EXPECT_LT(Clock::now() - before_stop, 5s);  // not the 30 s request timeout
  const auto all = results.wait_for(4);
  EXPECT_THAT(all,
              ::testing::UnorderedElementsAre("retry_threshold:dropped", "dead_letter:dropped",
                                              "gateway_down:dropped", "gateway_recovered:dropped"));
}

TEST(WebhookNotifierTest, RefusesABadUrlWithoutQuotingIt) {
  Results results;
  auto notifier = WebhookNotifier::create(options("ftp://example.com/SECRETPATH", results));
  ASSERT_FALSE(notifier);
  EXPECT_EQ(notifier.error().message, "webhook URL must start with http:// or https://");
}

}  // namespace
}  // namespace ep::notify
