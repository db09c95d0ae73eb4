// Hostile and slow clients over real HTTP (README "Management API", limits and the cross-site
// rule): bodies past the limit whatever their encoding, compressed bodies, header floods,
// changes refused before their body is read, browsers' cross-site posts, trickling and idle
// connections (deadline, per-client cap), handlers stuck on the store, keep-alive latency.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A raw client socket, optionally from another loopback address (another client for the caps).
class RawClient {
 public:
  RawClient(int port, const char* from = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from, &local.sin_addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool send_text(const std::string& text) {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }
  // What arrives within `wait` (until the peer closes or the wait ends).
  std::string receive(std::chrono::milliseconds wait) {
    std::string answer;
    const auto deadline = Clock::now() + wait;
    while (Clock::now() < deadline) {
      pollfd entry{fd_, POLLIN, 0};
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (poll(&entry, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) break;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    return answer;
  }
  // True when the server has closed this connection within `wait`.
  bool closed_within(std::chrono::milliseconds wait) {
    receive(wait);
    return closed_;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

std::string status_line(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

const std::string kNewEvent =
    R"({"account_id":"DU123456","exec_command":"print-positions","data":{}})";

std::string post_head(const std::string& path, const std::string& extra_headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

// The head of a chunked JSON POST /queue/events with `extra_headers`; the chunks follow.
std::string chunked_event_post_head(const std::string& extra_headers) {
  return post_head("/queue/events", "Content-Type: application/json\r\n" + extra_headers +
                                        "Transfer-Encoding: chunked\r\n");
}

TEST_F(ApiTest, ChunkedBodyPastTheLimitIs413AndNotKept) {
  start();
  RawClient client(api_->port());
  ASSERT_TRUE(client.send_text(chunked_event_post_head("Connection: close\r\n")));
  const std::string chunk(16 * 1024, ' ');
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 64; ++i) {  // 1 MiB in all
    ASSERT_TRUE(client.send_text(size + chunk + "\r\n"));
  }
  ASSERT_TRUE(client.send_text("0\r\n\r\n"));
  const std::string answer = client.receive(3000ms);
  EXPECT_EQ(status_line(answer).substr(0, 12), "HTTP/1.1 413") << answer;
  EXPECT_NE(answer.find("\"detail\""), std::string::npos);
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);
}

TEST_F(ApiTest, ALengthPastTheLimitIsRefusedBeforeTheBody) {
  start();
  RawClient client(api_->port());
  ASSERT_TRUE(client.send_text(post_head(
      "/queue/events", "Content-Type: application/json\r\nContent-Length: 268435456\r\n")));
  EXPECT_EQ(status_line(client.receive(2000ms)).substr(0, 12), "HTTP/1.1 413");
}

TEST_F(ApiTest, CompressedBodiesAreRefusedNotInflated) {
  start();
  RawClient client(api_->port());
  ASSERT_TRUE(client.send_text(chunked_event_post_head("Content-Encoding: gzip\r\n")));
  const std::string answer = client.receive(2000ms);
  EXPECT_EQ(status_line(answer), "HTTP/1.1 415 Unsupported Media Type") << answer;
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);
}

TEST_F(ApiTest, HeaderFloodsAreRefused) {
  start();
  {  // many small fields
    RawClient client(api_->port());
    std::string head = "GET /health/live HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i) head += "X-" + std::to_string(i) + ": y\r\n";
    ASSERT_TRUE(client.send_text(head + "\r\n"));
    EXPECT_EQ(status_line(client.receive(2000ms)).substr(0, 12), "HTTP/1.1 431");
  }
  {  // fields past the connection's memory: refused while reading, the rest never stored
    RawClient client(api_->port());
    client.send_text("GET /health/live HTTP/1.1\r\nHost: x\r\n");
    std::string flood;
    for (int i = 0; i < 20000; ++i) flood += "X-a: b\r\n";  // 160 KB
    client.send_text(flood);
    const std::string answer = client.receive(2000ms);
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0) << status_line(answer);
    EXPECT_EQ(answer.find("alive"), std::string::npos);
  }
  get("/health/live");
}

TEST_F(ApiTest, AnUnauthenticatedChangeIsRefusedBeforeItsBodyIsRead) {
  settings_.token = "s3cret";
  start();
  RawClient client(api_->port());
  // The body (60,000 bytes announced) is never sent: the answer comes from the headers alone.
  ASSERT_TRUE(client.send_text(
      post_head("/queue/events", "Content-Type: application/json\r\nContent-Length: 60000\r\n")));
  const std::string answer = client.receive(2000ms);
  EXPECT_EQ(status_line(answer), "HTTP/1.1 401 Unauthorized") << answer;
  EXPECT_NE(answer.find("WWW-Authenticate: Bearer"), std::string::npos);
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);
}

TEST_F(ApiTest, CrossSiteChangesAreRefused) {
  start();  // no token: loopback clients may change, so only the cross-site rule protects
  const auto text_plain = client_->Post("/queue/events", kNewEvent, "text/plain");
  ASSERT_TRUE(text_plain);
  EXPECT_EQ(text_plain->status, 415);
  detail_of(json::parse(text_plain->body));
  const auto form = client_->Post("/processing/pause", "a=b", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  detail_of(post("/queue/events", kNewEvent, 403, {{"Origin", "http://evil.example"}}));
  detail_of(post("/processing/pause", "", 403, {{"Origin", "null"}}));
  detail_of(post("/processing/pause", "", 403, {{"Sec-Fetch-Site", "cross-site"}}));
  detail_of(del("/queue/events/e1", 403, {{"Origin", "http://127.0.0.1:1"}}));
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);
  EXPECT_EQ(get("/queue/status")["paused"], false);

  // The API's own origin, a JSON body, or a header a page cannot send cross-site: accepted.
  const std::string self = "http://127.0.0.1:" + std::to_string(api_->port());
  post("/queue/events", kNewEvent, 200, {{"Origin", self}, {"Sec-Fetch-Site", "same-origin"}});
  const auto custom =
      client_->Post("/processing/pause", {{"X-Requested-With", "x"}}, "a=b", "text/plain");
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->status, 200);
  EXPECT_EQ(inspector_.enqueue_calls(), 1u);
}

// ep_http_connections_cut_total{reason} as /metrics would show it.
double connections_cut(const Metrics& metrics, const std::string& reason) {
  const std::string text = metrics.serialize();
  const std::string key = "ep_http_connections_cut_total{reason=\"" + reason + "\"} ";
  const auto at = text.find(key);
  return at == std::string::npos ? -1 : std::stod(text.substr(at + key.size()));
}

TEST_F(ApiTest, TricklingAndIdleClientsAreCutAtTheDeadline) {
  settings_.request_deadline = 600ms;
  start();
  RawClient idle(api_->port());
  RawClient trickler(api_->port());
  const auto started = Clock::now();
  bool trickler_cut = false;
  // One byte every 100 ms: each read is quick, the request never completes.
  for (const char c :
       std::string("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ") + std::string(100, 'z')) {
    if (!trickler.send_text(std::string(1, c)) || trickler.closed_within(100ms)) {
      trickler_cut = true;
      break;
    }
  }
  const auto elapsed = Clock::now() - started;
  EXPECT_TRUE(trickler_cut);
  EXPECT_GE(elapsed, 500ms);
  EXPECT_LT(elapsed, 2000ms);
  EXPECT_TRUE(idle.closed_within(1000ms));
  get("/health/live");
  // Both cuts are counted for the operator; no other limit was involved.
  EXPECT_EQ(connections_cut(metrics_, "deadline"), 2);
  EXPECT_EQ(connections_cut(metrics_, "client_cap"), 0);
}

TEST_F(ApiTest, ManyIdleConnectionsOfOneClientLeaveRoomForProbes) {
  settings_.max_connections_per_client = 8;
  settings_.max_connections = 16;
  start();
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(std::make_unique<RawClient>(api_->port(), "127.0.0.2"));
    ASSERT_TRUE(idle.back()->connected());
  }
  // The probes come from another address and from the flooding one: every probe answers.
  for (int i = 0; i < 8; ++i) get("/health/live");
  RawClient same(api_->port(), "127.0.0.2");
  ASSERT_TRUE(same.send_text("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(status_line(same.receive(2000ms)), "HTTP/1.1 200 OK");
  // The oldest idle ones were cut to make room, at most 8 of them are still open.
  std::size_t open = 0;
  for (auto& client : idle) open += client->closed_within(20ms) ? 0u : 1u;
  EXPECT_LE(open, 8u);
  EXPECT_TRUE(idle.front()->closed_within(100ms));
  // 41 connections of 127.0.0.2 with room for 8: at least 33 cut at the client's cap.
  EXPECT_GE(connections_cut(metrics_, "client_cap"), 33);
  EXPECT_EQ(connections_cut(metrics_, "refused"), 0);
}

TEST_F(ApiTest, LivenessAnswersWhileEveryWorkerWaitsOnTheStore) {
  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  std::atomic<int> waiting{0};
  start();  // two workers
  api_->stop();
  api_ = std::make_unique<ManagementApi>(
      inspector_,
      [&]() -> LiveStatus {
        ++waiting;
        std::unique_lock lock(mutex);
        released_cv.wait_for(lock, 10s, [&] { return released; });
        return all_good();
      },
      metrics_, settings_, clock_);
  ASSERT_TRUE(api_->start().ok());
  std::vector<std::thread> stuck;
  for (int i = 0; i < 4; ++i) {
    stuck.emplace_back([port = api_->port()] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(15s);
      client.Get("/health/ready");
    });
  }
  const auto deadline = Clock::now() + 5s;
  while (waiting.load() < 2 && Clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(waiting.load(), 2) << "both workers should be waiting";
  httplib::Client probe("127.0.0.1", api_->port());
  probe.set_read_timeout(1s);
  for (int i = 0; i < 5; ++i) {
    const auto answer = probe.Get("/health/live");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
  }
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  released_cv.notify_all();
  for (auto& thread : stuck) thread.join();
}

TEST_F(ApiTest, KeepAliveAnswersDoNotWaitForNagle) {
  start();
  constexpr int kRequests = 200;
  const auto started = Clock::now();
  for (int i = 0; i < kRequests; ++i) get("/health/live");  // one keep-alive connection
  const auto per_request = (Clock::now() - started) / kRequests;
  // Nagle + delayed ACK made each answer wait about 40 ms; a loopback answer takes well under 1.
  EXPECT_LT(per_request, 10ms);
}

}  // namespace
}  // namespace ep::monitor_http::testing
