// The three body shapes: what a receiver gets for one notification.
#include "notify/webhook_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ep::notify {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

Notification dead_letter() {
  Notification n;
  n.kind = NotificationKind::kDeadLetter;
  n.severity = Severity::kCritical;
  n.message = "Event e-1 (rebalance, account DU1) was moved to the dead-letter list";
  n.event_id = "e-1";
  n.account_id = "DU1";
  n.command = "rebalance";
  n.reason = "invalid_input: a <b> & c";
  n.timestamp = core::Timestamp{} + std::chrono::milliseconds{1'764'945'000'123};
  return n;
}

TEST(WebhookBodyTest, JsonHasEveryDocumentedField) {
  const auto request = render_webhook(dead_letter(), WebhookFormat::kJson);
  EXPECT_EQ(request.content_type, "application/json");
  EXPECT_TRUE(request.headers.empty());
  const auto body = json::parse(request.body);
  EXPECT_EQ(body, json::parse(R"({"kind": "dead_letter", "severity": "critical",
      "message": "Event e-1 (rebalance, account DU1) was moved to the dead-letter list",
      "event_id": "e-1", "account_id": "DU1", "command": "rebalance",
      "reason": "invalid_input: a <b> & c", "timestamp": "2025-12-05T14:30:00.123Z",
      "service": "event-processor"})"));
}

TEST(WebhookBodyTest, JsonHasNullsForAnEventlessNotification) {
  Notification n;
  n.kind = NotificationKind::kGatewayDown;
  n.severity = Severity::kCritical;
  n.message = "IB Gateway unreachable";
  const auto body = json::parse(render_webhook(n, WebhookFormat::kJson).body);
  EXPECT_TRUE(body["event_id"].is_null());
  EXPECT_TRUE(body["account_id"].is_null());
  EXPECT_TRUE(body["reason"].is_null());
  EXPECT_EQ(body["kind"], "gateway_down");
  EXPECT_EQ(body["timestamp"], "1970-01-01T00:00:00.000Z");
}

TEST(WebhookBodyTest, SlackIsOneEscapedTextField) {
  const auto request = render_webhook(dead_letter(), WebhookFormat::kSlack);
  EXPECT_EQ(request.content_type, "application/json");
  const auto body = json::parse(request.body);
  ASSERT_EQ(body.size(), 1u);
  const std::string text = body["text"];
  EXPECT_THAT(text, HasSubstr("[event-processor] dead_letter (critical): Event e-1"));
  EXPECT_THAT(text, HasSubstr("\nEvent: e-1\nAccount: DU1\nCommand: rebalance"));
  EXPECT_THAT(text, HasSubstr("Reason: invalid_input: a &lt;b&gt; &amp; c"));
  EXPECT_THAT(text, HasSubstr("At: 2025-12-05T14:30:00.123Z"));
}

TEST(WebhookBodyTest, NtfyIsPlainTextWithTitlePriorityAndTags) {
  const auto request = render_webhook(dead_letter(), WebhookFormat::kNtfy);
  EXPECT_EQ(request.content_type, "text/plain; charset=utf-8");
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(request.headers,
              ::testing::UnorderedElementsAre(Header{"Title", "event-processor: dead_letter"},
                                              Header{"Priority", "5"},
                                              Header{"Tags", "rotating_light,dead_letter"}));
  EXPECT_EQ(request.body,
            "Event e-1 (rebalance, account DU1) was moved to the dead-letter list\nEvent: "
            "e-1\nAccount: DU1\nCommand: rebalance\nReason: invalid_input: a <b> & c\nAt: "
            "2025-12-05T14:30:00.123Z");
  Notification info;
  info.kind = NotificationKind::kGatewayRecovered;
  info.severity = Severity::kInfo;
  const auto recovered = render_webhook(info, WebhookFormat::kNtfy);
  EXPECT_THAT(recovered.headers, ::testing::Contains(Header{"Priority", "3"}));
}

TEST(WebhookBodyTest, ALongReasonIsCutAtACharacterBoundary) {
  auto n = dead_letter();
  n.reason = std::string(kMaxReasonBytes - 1, 'x') + "\xC3\xA9" + std::string(500, 'y');
  const auto body = json::parse(render_webhook(n, WebhookFormat::kJson).body);
  const std::string reason = body["reason"];
  EXPECT_EQ(reason, std::string(kMaxReasonBytes - 1, 'x') + "...");
  n.reason = "line1\r\nline2\x01";
  EXPECT_THAT(render_webhook(n, WebhookFormat::kNtfy).body, HasSubstr("Reason: line1 \nline2 "));
}

TEST(WebhookBodyTest, InvalidUtf8NeverThrows) {
  auto n = dead_letter();
  n.reason = "bad \xFF\xFE bytes";
  EXPECT_NO_THROW(json::parse(render_webhook(n, WebhookFormat::kJson).body));
  EXPECT_NO_THROW(json::parse(render_webhook(n, WebhookFormat::kSlack).body));
}

TEST(WebhookBodyTest, FormatNames) {
  EXPECT_EQ(parse_webhook_format("JSON"), WebhookFormat::kJson);
  EXPECT_EQ(parse_webhook_format("slack"), WebhookFormat::kSlack);
  EXPECT_EQ(parse_webhook_format("Ntfy"), WebhookFormat::kNtfy);
  EXPECT_FALSE(parse_webhook_format("teams"));
  for (auto format : {WebhookFormat::kJson, WebhookFormat::kSlack, WebhookFormat::kNtfy}) {
    EXPECT_EQ(parse_webhook_format(to_string(format)), format);
  }
  for (auto kind : kAllKinds) EXPECT_THAT(std::string(to_string(kind)), Not("unknown"));
}

}  // namespace
}  // namespace ep::notify
