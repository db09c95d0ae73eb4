// The transport's pure parts: percent decoding, the cross-site rule on changes, and the
// connection registry's caps and deadline (with a recording cut instead of shutdown(2)).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "monitor_http/change_origin.hpp"
#include "monitor_http/connection_registry.hpp"
#include "monitor_http/http_error.hpp"
#include "monitor_http/percent_decoding.hpp"

namespace ep::monitor_http {
namespace {

using namespace std::chrono_literals;

TEST(PercentDecoding, DecodesEscapesKeepsMalformedOnesAndNul) {
  EXPECT_EQ(percent_decode("%41%4a%2f", false), "AJ/");
  EXPECT_EQ(percent_decode("a%00b", false), std::string("a\0b", 3));
  EXPECT_EQ(percent_decode("%zz%4%", false), "%zz%4%");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
}

int status_of(const ApiRequest& request, bool token_configured = false) {
  try {
    check_change_origin(request, token_configured);
    return 0;
  } catch (const HttpError& error) {
    return error.status();
  }
}

ApiRequest change(std::vector<std::pair<std::string, std::string>> headers) {
  ApiRequest request;
  request.method = "POST";
  request.path = "/processing/pause";
  request.headers = std::move(headers);
  return request;
}

TEST(ChangeOrigin, BodilessCurlAndJsonPass) {
  EXPECT_EQ(status_of(change({})), 0);
  EXPECT_EQ(status_of(change({{"Content-Length", "0"}})), 0);
  EXPECT_EQ(status_of(change(
                {{"Content-Type", "application/json; charset=utf-8"}, {"Content-Length", "2"}})),
            0);
  EXPECT_EQ(status_of(change({{"content-type", "Application/JSON"}})), 0);
}

TEST(ChangeOrigin, WhatABrowserSendsCrossSiteIsRefused) {
  EXPECT_EQ(status_of(change({{"Content-Type", "text/plain"}, {"Content-Length", "5"}})), 415);
  EXPECT_EQ(status_of(change({{"Content-Type", "application/x-www-form-urlencoded"}})), 415);
  EXPECT_EQ(status_of(change({{"Content-Type", "multipart/form-data; boundary=x"}})), 415);
  EXPECT_EQ(status_of(change({{"Content-Length", "5"}})), 415);  // a body of no declared type
  EXPECT_EQ(status_of(change({{"Transfer-Encoding", "chunked"}})), 415);
  EXPECT_EQ(
      status_of(change({{"Origin", "http://evil.example"}, {"Content-Type", "application/json"}})),
      403);
  EXPECT_EQ(status_of(change({{"Origin", "null"}})), 403);
  EXPECT_EQ(status_of(change({{"Origin", "http://127.0.0.1:8000"}, {"Host", "127.0.0.1:8001"}})),
            403);
  EXPECT_EQ(status_of(change({{"Sec-Fetch-Site", "cross-site"}})), 403);
  EXPECT_EQ(status_of(change({{"Sec-Fetch-Site", "same-site"}})), 403);
  // A custom header or the token does not excuse a foreign origin.
  EXPECT_EQ(status_of(change({{"Origin", "http://evil.example"}, {"X-Requested-With", "x"}})), 403);
}

TEST(ChangeOrigin, OwnOriginAndCustomHeadersPass) {
  EXPECT_EQ(status_of(change({{"Origin", "http://127.0.0.1:8000"},
                              {"Host", "127.0.0.1:8000"},
                              {"Sec-Fetch-Site", "same-origin"}})),
            0);
  EXPECT_EQ(status_of(change({{"Content-Type", "text/plain"}, {"X-Requested-With", "curl"}})), 0);
  EXPECT_EQ(status_of(change({{"Content-Type", "text/plain"}, {"Authorization", "Bearer t"}})), 0);
  ApiRequest read = change({{"Origin", "http://evil.example"}, {"Content-Type", "text/plain"}});
  read.method = "GET";
  EXPECT_EQ(status_of(read), 0);  // reads are open
}

TEST(ChangeOrigin, WithoutATokenTheHostMustBeLoopback) {
  for (const char* host :
       {"localhost", "LOCALHOST:8000", "127.0.0.1:8000", "127.1.2.3", "[::1]:8000", "[::1]"}) {
    EXPECT_EQ(status_of(change({{"Host", host}})), 0) << host;
  }
  // A page on evil.example rebound to 127.0.0.1: same-origin with itself, but not our name.
  const std::vector<std::pair<std::string, std::string>> rebound = {
      {"Host", "evil.example:8000"},
      {"Origin", "http://evil.example:8000"},
      {"Content-Type", "application/json"}};
  EXPECT_EQ(status_of(change(rebound)), 403);
  EXPECT_EQ(status_of(change({{"Host", "10.0.0.5:8000"}})), 403);
  EXPECT_EQ(status_of(change(rebound), /*token_configured=*/true), 0);  // the token decides
}

struct Cuts {
  std::vector<int> fds;
  ConnectionRegistry::Cut recorder() {
    return [this](int fd) { fds.push_back(fd); };
  }
};

int ids[16];

TEST(ConnectionRegistry, AClientAtItsCapLosesItsOldestWaitingConnection) {
  Cuts cuts;
  ConnectionRegistry registry({/*max_connections=*/100, /*max_per_client=*/3, 10s},
                              cuts.recorder());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(registry.make_room("10.0.0.1"));
    registry.opened(&ids[i], 10 + i, "10.0.0.1");
    std::this_thread::sleep_for(1ms);  // distinct start times: test only
  }
  registry.set_busy(&ids[0], true);             // being answered: never cut
  ASSERT_TRUE(registry.make_room("10.0.0.2"));  // another client: room
  EXPECT_TRUE(cuts.fds.empty());
  ASSERT_TRUE(registry.make_room("10.0.0.1"));
  EXPECT_EQ(cuts.fds, std::vector<int>{11});
  registry.opened(&ids[3], 13, "10.0.0.1");
  ASSERT_TRUE(registry.make_room("10.0.0.1"));
  EXPECT_EQ(cuts.fds, (std::vector<int>{11, 12}));
  registry.closed(&ids[1]);
  registry.closed(&ids[2]);
  EXPECT_EQ(registry.open_connections(), 2u);
}

TEST(ConnectionRegistry, TheTotalCapCutsTheOldestWaitingOfAllAndRefusesWhenAllAreBusy) {
  Cuts cuts;
  ConnectionRegistry registry({2, 2, 10s}, cuts.recorder());
  registry.opened(&ids[0], 20, "a");
  std::this_thread::sleep_for(1ms);
  registry.opened(&ids[1], 21, "b");
  ASSERT_TRUE(registry.make_room("c"));
  EXPECT_EQ(cuts.fds, std::vector<int>{20});
  registry.closed(&ids[0]);
  registry.opened(&ids[2], 22, "c");
  registry.set_busy(&ids[1], true);
  registry.set_busy(&ids[2], true);
  EXPECT_FALSE(registry.make_room("d"));
  EXPECT_EQ(cuts.fds.size(), 1u);
}

TEST(ConnectionRegistry, TheDeadlineCutsWaitingConnectionsOnlyAndRestartsAfterAnAnswer) {
  Cuts cuts;
  ConnectionRegistry registry({10, 10, 1s}, cuts.recorder());
  const auto opened = ConnectionRegistry::Clock::now();
  registry.opened(&ids[0], 30, "a");
  registry.opened(&ids[1], 31, "a");
  registry.opened(&ids[2], 32, "a");
  registry.set_busy(&ids[1], true);
  registry.cut_expired(opened + 900ms);
  EXPECT_TRUE(cuts.fds.empty());
  std::this_thread::sleep_for(600ms);  // test only: the answer comes later than `opened`
  registry.answered(&ids[2]);          // its deadline starts again now
  const auto later = opened + 1500ms;
  const auto next = registry.cut_expired(later);
  EXPECT_EQ(cuts.fds, std::vector<int>{30});  // the busy one and the answered one stay
  EXPECT_GT(next, later);
  EXPECT_LE(next, later + 1s);
  registry.cut_expired(later);  // cut once only
  EXPECT_EQ(cuts.fds, std::vector<int>{30});
  registry.set_busy(&ids[1], false);  // its answer is written: a fresh deadline
  registry.cut_expired(ConnectionRegistry::Clock::now() + 2s);
  EXPECT_EQ(cuts.fds, (std::vector<int>{30, 31, 32}));
}

}  // namespace
}  // namespace ep::monitor_http
