#include "logging/log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "logging/redaction.hpp"

namespace ep::log {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Log, BodyIsAJsonFragmentWithMessageAndFields) {
  const std::string body = format_body("order \"filled\"", {{"event_id", "e1"}, {"qty", 10}});
  const auto parsed = nlohmann::json::parse("{" + body + "}");
  EXPECT_EQ(parsed["message"], "order \"filled\"");
  EXPECT_EQ(parsed["event_id"], "e1");
  EXPECT_EQ(parsed["qty"], 10);
}

TEST(Log, InvalidUtf8DoesNotThrow) {
  const std::string body = format_body(std::string("bad \xff byte"), {});
  const auto parsed = nlohmann::json::parse("{" + body + "}", nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << body;
  EXPECT_EQ(parsed["message"].get<std::string>().substr(0, 4), "bad ");
}

TEST(Log, UnknownLevelIsRefused) {
  EXPECT_FALSE(setup("LOUD"));
  EXPECT_TRUE(setup("warning"));
}

TEST(Log, EveryLineIsRedactedWithTheServicesRedactor) {
  ASSERT_TRUE(setup("INFO"));
  set_redactor(
      std::make_shared<const core::SecretRedactor>(std::vector<std::string>{"s3cr3t/key+1"}));
  testing::internal::CaptureStderr();
  warn("allocation fetch failed: s3cr3t/key+1",
       {{"error", "body: {\"echo\":\"s3cr3t\\/key+1\", \"q\":\"s3cr3t%2Fkey%2B1\"}"},
        {"b64", "czNjcjN0L2tleSsx"}});
  const std::string line = testing::internal::GetCapturedStderr();
  set_redactor(nullptr);
  EXPECT_THAT(line, Not(HasSubstr("s3cr3t")));
  EXPECT_THAT(line, Not(HasSubstr("czNjcjN0L2tleSsx")));
  const auto parsed = nlohmann::json::parse(line, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << line;
  EXPECT_EQ(parsed["message"], "allocation fetch failed: ***");
  EXPECT_EQ(parsed["b64"], "***");
}

TEST(Log, TextLinesCarryTheSameFieldsAndAreRedacted) {
  EXPECT_EQ(format_text_body("order ended", {{"event_id", "e1"}, {"filled", 10}, {"ok", true}}),
            "order ended event_id=e1 filled=10 ok=true");
  ASSERT_TRUE(setup("INFO", "event-processor", Format::kText));
  set_redactor(
      std::make_shared<const core::SecretRedactor>(std::vector<std::string>{"s3cr3t/key+1"}));
  testing::internal::CaptureStderr();
  info("event finished", {{"event_id", "e7"}, {"error", "echo s3cr3t%2Fkey%2B1"}});
  const std::string line = testing::internal::GetCapturedStderr();
  set_redactor(nullptr);
  ASSERT_TRUE(setup("INFO"));  // back to JSON for the other tests
  EXPECT_THAT(line, Not(HasSubstr("s3cr3t")));
  EXPECT_THAT(line, HasSubstr(" info     event finished error=echo *** event_id=e7"));
  EXPECT_EQ(line.front(), '2') << line;  // starts with the UTC time, not a JSON brace
}

TEST(Log, ThreadFieldsAreOnEveryLineOfTheirThreadWhileTheScopeLives) {
  ASSERT_TRUE(setup("INFO"));
  testing::internal::CaptureStderr();
  {
    ThreadFields event({{"event_id", "e9"}, {"account_id", "DU1"}});
    info("order sent", {{"order_id", 7}});
    {
      ThreadFields leg(Fields{{"leg", "sell"}});
      info("inner", {{"account_id", "DU2"}});  // the line's own field wins
    }
    info("after inner");
  }
  info("outside");
  const std::string text = testing::internal::GetCapturedStderr();
  std::vector<nlohmann::json> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  ASSERT_EQ(lines.size(), 4u) << text;
  EXPECT_EQ(lines[0]["event_id"], "e9");
  EXPECT_EQ(lines[0]["account_id"], "DU1");
  EXPECT_EQ(lines[0]["order_id"], 7);
  EXPECT_EQ(lines[1]["account_id"], "DU2");
  EXPECT_EQ(lines[1]["leg"], "sell");
  EXPECT_EQ(lines[1]["event_id"], "e9");
  EXPECT_FALSE(lines[2].contains("leg")) << text;
  EXPECT_EQ(lines[2]["event_id"], "e9");
  EXPECT_FALSE(lines[3].contains("event_id")) << text;
}

}  // namespace
}  // namespace ep::log
