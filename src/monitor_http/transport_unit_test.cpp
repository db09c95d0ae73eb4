// The transport's pure parts: percent decoding and the cross-site rule on changes (the
// connection registry's caps and deadline: connection_registry_test.cpp).
#include <gtest/gtest.h>

#include <vector>

#include "monitor_http/change_origin.hpp"
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

}  // namespace
}  // namespace ep::monitor_http
