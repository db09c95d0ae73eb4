// HttpAllocationSource against a real local HTTPS server (httplib::SSLServer on 127.0.0.1, a
// port chosen by the kernel) with a certificate made at test time.
#include "allocation_api/http_allocation_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/support/tls_test_cert.hpp"

namespace ep::allocation_api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKey = "test-key-7f3a9c21d5e8b046";
const std::string kGoodBody = R"({"status": "success", "data": {"name": "etf-blend-200-35",
  "allocations": [{"symbol": "SPY", "allocation": 0.6}, {"symbol": "TLT", "allocation": 0.4}]}})";

struct SeenRequest {
  std::string path;
  std::string api_key;
};

// A scripted allocation API: the strategy id in the path picks the behaviour.
class StubApi {
 public:
  explicit StubApi(std::unique_ptr<httplib::Server> server) : server_(std::move(server)) {
    server_->Get(R"(/api/v1/strategies/([^/]+)/allocations)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   handle(request, response);
                 });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the listening thread has marked the server running; a test that
    // ends quickly would then join a thread blocked in accept() forever. Wait for it (bounded).
    for (int i = 0; i < 1000 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~StubApi() {
    {
      const std::lock_guard lock(mutex_);
      released_ = true;
    }
    released_cv_.notify_all();
    server_->stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::vector<SeenRequest> seen() const {
    const std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void handle(const httplib::Request& request, httplib::Response& response) {
    const std::string strategy = request.matches[1];
    {
      const std::lock_guard lock(mutex_);
      seen_.push_back({request.path, request.get_header_value("x-api-key")});
    }
    if (strategy == "fail500") {
      response.status = 500;
      response.set_content("internal error: database down", "text/plain");
    } else if (strategy == "echo-key") {
      response.status = 500;
      response.set_content("bad request with x-api-key " + request.get_header_value("x-api-key"),
                           "text/plain");
    } else if (strategy == "not-found") {
      response.status = 404;
      response.set_content(R"({"status": "error", "message": "unknown strategy"})",
                           "application/json");
    } else if (strategy == "huge") {
      response.set_content(std::string(2 * 1024 * 1024, ' '), "application/json");
    } else if (strategy == "slow") {
      // Holds the answer until the test ends (bounded), so the client's timeout fires first.
      std::unique_lock lock(mutex_);
      released_cv_.wait_for(lock, std::chrono::seconds(5), [this] { return released_; });
      response.set_content(kGoodBody, "application/json");
    } else if (strategy == "drip") {
      // One byte every 100 ms: each read is quick, the whole body is not (at most 4 s).
      response.set_chunked_content_provider("application/json", [this](std::size_t offset,
                                                                       httplib::DataSink& sink) {
        std::unique_lock lock(mutex_);
        released_cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return released_; });
        if (released_ || offset >= 40) {
          sink.done();
          return true;
        }
        return sink.write(" ", 1);
      });
    } else {
      response.set_content(kGoodBody, "application/json");
    }
  }

  std::unique_ptr<httplib::Server> server_;
  int port_ = -1;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  std::vector<SeenRequest> seen_;
};

class HttpAllocationSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ep_alloc_tls_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    server_cert_ = test::make_self_signed_cert(dir_, "server", "127.0.0.1");
    other_cert_ = test::make_self_signed_cert(dir_, "other", "127.0.0.1");
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  void SetUp() override {
    ASSERT_FALSE(server_cert_.cert_path.empty());
    stub_ = std::make_unique<StubApi>(std::make_unique<httplib::SSLServer>(
        server_cert_.cert_path.c_str(), server_cert_.key_path.c_str()));
    ASSERT_GT(stub_->port(), 0);
    // Capture log lines to check what they say (and never say).
    previous_logger_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_lines_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  void TearDown() override {
    stub_.reset();
    spdlog::set_default_logger(previous_logger_);
  }

  AllocationApiOptions options(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    AllocationApiOptions o;
    o.api_url = "https://127.0.0.1:" + std::to_string(stub_->port()) + "/api/v1/strategies";
    o.api_key = kKey;
    o.timeout = timeout;
    o.ca_file = server_cert_.cert_path;
    return o;
  }
  std::unique_ptr<HttpAllocationSource> make(AllocationApiOptions o) {
    auto source = HttpAllocationSource::create(std::move(o));
    EXPECT_TRUE(source.ok()) << source.error().message;
    return source.ok() ? std::move(source).value() : nullptr;
  }
  // The error fetching `strategy` ends in; a fetch that succeeds fails the test.
  core::Error fetch_error(const std::string& strategy, AllocationApiOptions o) {
    auto source = make(std::move(o));
    if (!source) return core::internal_error("no source");
    auto answer = source->fetch(strategy);
    EXPECT_FALSE(answer.ok()) << strategy << " was answered";
    return answer.ok() ? core::internal_error(strategy + " was answered") : answer.error();
  }
  core::Error fetch_error(const std::string& strategy) { return fetch_error(strategy, options()); }
  std::string logs() {
    spdlog::default_logger()->flush();
    return log_lines_.str();
  }

  static inline std::filesystem::path dir_;
  static inline test::TlsTestCert server_cert_;
  static inline test::TlsTestCert other_cert_;
  std::unique_ptr<StubApi> stub_;
  std::ostringstream log_lines_;
  std::shared_ptr<spdlog::logger> previous_logger_;
};

TEST_F(HttpAllocationSourceTest, SendsTheKeyToTheStrategyPathAndParsesTheAnswer) {
  auto source = make(options());
  ASSERT_TRUE(source);
  const auto answer = source->fetch("etf-blend-200-35");
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(answer->strategy_name, "etf-blend-200-35");
  ASSERT_EQ(answer->allocations.size(), 2u);
  EXPECT_EQ(answer->allocations[1].symbol, "TLT");

  const auto seen = stub_->seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].path, "/api/v1/strategies/etf-blend-200-35/allocations");
  EXPECT_EQ(seen[0].api_key, kKey);

  EXPECT_THAT(logs(), HasSubstr("\"latency_ms\":"));
  EXPECT_THAT(logs(), Not(HasSubstr(kKey)));
}

TEST_F(HttpAllocationSourceTest, ServerErrorIsUnavailableWithStatusAndExcerpt) {
  const auto error = fetch_error("fail500");
  EXPECT_EQ(error.kind, core::ErrorKind::kUnavailable);
  EXPECT_THAT(error.message, HasSubstr("500"));
  EXPECT_THAT(error.message, HasSubstr("database down"));
  EXPECT_THAT(error.message, HasSubstr("fail500"));
  EXPECT_THAT(logs(), HasSubstr("\"http_status\":500"));
}

TEST_F(HttpAllocationSourceTest, NotFoundIsInvalidInput) {
  const auto error = fetch_error("not-found");
  EXPECT_EQ(error.kind, core::ErrorKind::kInvalidInput);
  EXPECT_THAT(error.message, HasSubstr("HTTP 404"));
  EXPECT_THAT(error.message, HasSubstr("unknown strategy"));
}

TEST_F(HttpAllocationSourceTest, KeyEchoedByTheServerNeverReachesErrorsOrLogs) {
  const auto error = fetch_error("echo-key");
  EXPECT_THAT(error.message, HasSubstr("x-api-key ***"));
  EXPECT_THAT(error.message, Not(HasSubstr(kKey)));
  EXPECT_THAT(logs(), HasSubstr("allocation fetch failed"));
  EXPECT_THAT(logs(), Not(HasSubstr(kKey)));
}

TEST_F(HttpAllocationSourceTest, TimeoutIsUnavailable) {
  const auto start = std::chrono::steady_clock::now();
  const auto error = fetch_error("slow", options(std::chrono::milliseconds(300)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error.kind, core::ErrorKind::kUnavailable);
  EXPECT_THAT(error.message, HasSubstr("timeout 300 ms"));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  EXPECT_THAT(logs(), HasSubstr("\"http_status\":0"));
}

TEST_F(HttpAllocationSourceTest, SlowBodyIsCutAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  const auto error = fetch_error("drip", options(std::chrono::milliseconds(400)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error.kind, core::ErrorKind::kUnavailable);
  EXPECT_THAT(error.message, HasSubstr("timed out after 400 ms (HTTP 200)"));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST_F(HttpAllocationSourceTest, UntrustedCertificateIsRefusedBeforeTheKeyIsSent) {
  AllocationApiOptions wrong_ca = options();
  wrong_ca.ca_file = other_cert_.cert_path;
  AllocationApiOptions system_store = options();
  system_store.ca_file.reset();
  for (auto& o : {wrong_ca, system_store}) {
    const auto error = fetch_error("etf-blend-200-35", o);
    EXPECT_EQ(error.kind, core::ErrorKind::kUnavailable);
    EXPECT_THAT(error.message, HasSubstr("certificate verification failed"));
  }
  EXPECT_TRUE(stub_->seen().empty()) << "the request reached an untrusted server";
}

TEST_F(HttpAllocationSourceTest, OversizedBodyIsRefused) {
  const auto error = fetch_error("huge");
  EXPECT_EQ(error.kind, core::ErrorKind::kInvalidInput);
  EXPECT_THAT(error.message, HasSubstr("body over 1048576 bytes"));
}

TEST_F(HttpAllocationSourceTest, RefusedConnectionIsUnavailable) {
  AllocationApiOptions o = options(std::chrono::seconds(2));
  o.api_url = "https://127.0.0.1:1/api/v1/strategies";  // nothing listens on port 1
  const auto error = fetch_error("etf-blend-200-35", o);
  EXPECT_EQ(error.kind, core::ErrorKind::kUnavailable);
  EXPECT_THAT(error.message, HasSubstr("could not connect"));
}

TEST_F(HttpAllocationSourceTest, BadStrategyIdSendsNothing) {
  const auto error = fetch_error("../../admin");
  EXPECT_EQ(error.kind, core::ErrorKind::kInvalidInput);
  EXPECT_TRUE(stub_->seen().empty());
}

TEST_F(HttpAllocationSourceTest, CreateRefusesBadOptions) {
  AllocationApiOptions bad_url = options();
  bad_url.api_url = "ftp://127.0.0.1/x";
  AllocationApiOptions no_key = options();
  no_key.api_key.clear();
  AllocationApiOptions header_injection = options();
  header_injection.api_key = "abc\r\nX-Evil: 1";
  AllocationApiOptions no_timeout = options(std::chrono::milliseconds(0));
  AllocationApiOptions missing_ca = options();
  missing_ca.ca_file = (dir_ / "absent.crt").string();
  for (const auto& o : {bad_url, no_key, header_injection, no_timeout, missing_ca}) {
    const auto source = HttpAllocationSource::create(o);
    EXPECT_FALSE(source.ok());
    if (!source.ok()) {
      EXPECT_EQ(source.error().kind, core::ErrorKind::kInvalidInput);
      EXPECT_THAT(source.error().message, Not(HasSubstr("abc")));
    }
  }
}

TEST(HttpAllocationSourcePlain, PlainHttpWorksForLocalTests) {
  StubApi stub(std::make_unique<httplib::Server>());
  AllocationApiOptions o;
  o.api_url = "http://127.0.0.1:" + std::to_string(stub.port()) + "/api/v1/strategies/";
  o.api_key = kKey;
  auto source = HttpAllocationSource::create(o);
  ASSERT_TRUE(source.ok()) << source.error().message;
  const auto answer = (*source)->fetch("etf-blend-200-35");
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  ASSERT_EQ(stub.seen().size(), 1u);
  EXPECT_EQ(stub.seen()[0].path, "/api/v1/strategies/etf-blend-200-35/allocations");
  EXPECT_EQ(stub.seen()[0].api_key, kKey);
}

}  // namespace
}  // namespace ep::allocation_api
