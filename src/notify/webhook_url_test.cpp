// NOTIFY_WEBHOOK_URL parsing: what travels, what may be shown, and errors that never quote it.
#include "notify/webhook_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::notify {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(WebhookUrlTest, SlackHook) {
  const auto target = parse_webhook_url("https://hooks.slack.com/services/T000/B000/XXXXSECRET");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_TRUE(target->https);
  EXPECT_EQ(target->scheme_host_port, "https://hooks.slack.com:443");
  EXPECT_EQ(target->target, "/services/T000/B000/XXXXSECRET");
  EXPECT_EQ(target->display, "https://hooks.slack.com");
}

TEST(WebhookUrlTest, PortQueryAndFragment) {
  const auto target = parse_webhook_url("HTTP://Ntfy.Example:8080/topic-secret?auth=tok#frag");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_FALSE(target->https);
  EXPECT_EQ(target->scheme_host_port, "http://ntfy.example:8080");
  EXPECT_EQ(target->target, "/topic-secret?auth=tok");
  EXPECT_EQ(target->display, "http://ntfy.example");
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
