#include "logging/log.hpp"

#include <gtest/gtest.h>

namespace ep::log {
namespace {

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

}  // namespace
}  // namespace ep::log
