#include "allocation_api/request_target.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::allocation_api {
namespace {

using ::testing::HasSubstr;

// `url` parses into these parts.
void expect_endpoint(std::string_view url, std::string_view scheme_host_port,
                     std::string_view base_path, bool https) {
  SCOPED_TRACE(url);
  const auto endpoint = parse_api_url(url);
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().message;
  EXPECT_EQ(endpoint->scheme_host_port, scheme_host_port);
  EXPECT_EQ(endpoint->base_path, base_path);
  EXPECT_EQ(endpoint->https, https);
}

TEST(ParseApiUrl, SplitsTheDefaultUrl) {
  expect_endpoint("https://workers.fintech.zehnlabs.com/api/v1/strategies",
                  "https://workers.fintech.zehnlabs.com", "/api/v1/strategies", true);
}

TEST(ParseApiUrl, PlainHttpWithPortAndTrailingSlash) {
  expect_endpoint("http://127.0.0.1:8080/strategies/", "http://127.0.0.1:8080", "/strategies",
                  false);
}

TEST(ParseApiUrl, HostOnlyAndIpv6) {
  const auto bare = parse_api_url("https://example.com");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->base_path, "");
  const auto v6 = parse_api_url("https://[::1]:8443/x");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->scheme_host_port, "https://[::1]:8443");
}

TEST(ParseApiUrl, RefusesUnusableUrls) {
  for (const char* url :
       {"", "ftp://x/y", "workers.example.com/api", "https://", "https:///path", "https://host:0/x",
        "https://host:70000/x", "https://host:abc/x", "https://host:/x", "https://user:pw@host/x",
        "https://host/x?a=1", "https://host/x#f", "https://ho st/x", "https://host/x\n",
        "https://[::1/x"}) {
    const auto endpoint = parse_api_url(url);
    EXPECT_FALSE(endpoint.ok()) << "accepted: " << url;
    if (!endpoint.ok()) {
      EXPECT_EQ(endpoint.error().kind, core::ErrorKind::kInvalidInput);
      EXPECT_THAT(endpoint.error().message, HasSubstr("allocation API URL"));
    }
  }
}

TEST(EncodeStrategySegment, KeepsOrdinaryIds) {
  const auto segment = encode_strategy_segment("etf-blend-200-35");
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(*segment, "etf-blend-200-35");
}

TEST(EncodeStrategySegment, PercentEncodesTheRest) {
  const auto segment = encode_strategy_segment("a b?c#d%e&f");
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(*segment, "a%20b%3Fc%23d%25e%26f");
}

TEST(EncodeStrategySegment, RefusesPathInjection) {
  for (const std::string& strategy :
       {std::string(""), std::string("."), std::string(".."), std::string("../admin"),
        std::string("a/b"), std::string("a\\b"), std::string("a\nb"), std::string("a\0b", 3),
        std::string(kMaxStrategyLength + 1, 'a')}) {
    const auto segment = encode_strategy_segment(strategy);
    EXPECT_FALSE(segment.ok()) << "accepted: " << strategy;
    if (!segment.ok()) {
      EXPECT_EQ(segment.error().kind, core::ErrorKind::kInvalidInput);
    }
  }
  EXPECT_TRUE(encode_strategy_segment(std::string(kMaxStrategyLength, 'a')).ok());
}

TEST(AllocationsPath, JoinsBaseAndSegment) {
  ApiEndpoint endpoint;
  endpoint.base_path = "/api/v1/strategies";
  EXPECT_EQ(allocations_path(endpoint, "s-1"), "/api/v1/strategies/s-1/allocations");
  endpoint.base_path = "";
  EXPECT_EQ(allocations_path(endpoint, "s-1"), "/s-1/allocations");
}

}  // namespace
}  // namespace ep::allocation_api
