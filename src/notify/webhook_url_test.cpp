// NOTIFY_WEBHOOK_URL parsing: what travels, what may be shown, and errors that never quote it.
#include "notify/webhook_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::notify {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// `url` parses into these parts.
void expect_target(std::string_view url, bool https, std::string_view scheme_host_port,
                   std::string_view target_path, std::string_view display) {
  SCOPED_TRACE(url);
  const auto target = parse_webhook_url(url);
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->https, https);
  EXPECT_EQ(target->scheme_host_port, scheme_host_port);
  EXPECT_EQ(target->target, target_path);
  EXPECT_EQ(target->display, display);
}

TEST(WebhookUrlTest, SlackHook) {
  expect_target("https://hooks.slack.com/services/T000/B000/XXXXSECRET", true,
                "https://hooks.slack.com:443", "/services/T000/B000/XXXXSECRET",
                "https://hooks.slack.com");
}

TEST(WebhookUrlTest, PortQueryAndFragment) {
  expect_target("HTTP://Ntfy.Example:8080/topic-secret?auth=tok#frag", false,
                "http://ntfy.example:8080", "/topic-secret?auth=tok", "http://ntfy.example");
}

TEST(WebhookUrlTest, NoPathAndIpv6) {
  auto target = parse_webhook_url("http://127.0.0.1:9");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->target, "/");
  target = parse_webhook_url("http://host?x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->target, "/?x=1");
  target = parse_webhook_url("https://[::1]:8443/h");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->scheme_host_port, "https://[::1]:8443");
}

TEST(WebhookUrlTest, RefusedWithoutQuotingTheUrl) {
  const char* bad[] = {"ftp://host/SECRETX",         "https://user:SECRETX@host/x",
                       "https:///SECRETX",           "https://host:0/SECRETX",
                       "https://host:99999/SECRETX", "https://host:ab/SECRETX",
                       "https://host/SECRETX y",     "https://host/SECRETX\n",
                       "https://[::1/SECRETX",       "https://host:/SECRETX"};
  for (const char* url : bad) {
    const auto target = parse_webhook_url(url);
    ASSERT_FALSE(target) << url;
    EXPECT_THAT(target.error().message, Not(HasSubstr("SECRETX"))) << url;
  }
}

}  // namespace
}  // namespace ep::notify
