#include "redis_queue/json_text_patch.hpp"

#include <gtest/gtest.h>

namespace ep::redis_queue {
namespace {

TEST(JsonTextPatch, ReplacesAValueAndKeepsEveryOtherByte) {
  const std::string in =
      R"({"event_id": "e1", "n": 1.50, "u": "caf\u00e9", "times_queued": 3, "z": [1, {"times_queued": 9}]})";
  const auto out = set_top_level_members(in, {{"times_queued", "4"}});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(
      *out,
      R"({"event_id": "e1", "n": 1.50, "u": "caf\u00e9", "times_queued": 4, "z": [1, {"times_queued": 9}]})");
}

TEST(JsonTextPatch, AppendsMissingMembersInTheDocumentsStyle) {
  EXPECT_EQ(set_top_level_members(R"({"a": 1})", {{"b", "\"x\""}, {"c", "2"}}),
            R"({"a": 1, "b": "x", "c": 2})");
  EXPECT_EQ(set_top_level_members(R"({"a":1})", {{"b", "true"}}), R"({"a":1,"b":true})");
  EXPECT_EQ(set_top_level_members(R"({})", {{"b", "1"}}), R"({"b": 1})");
  EXPECT_EQ(set_top_level_members("{\n  \"a\": {\"k\": \"}\"}\n}\n", {{"b", "1"}}),
            "{\n  \"a\": {\"k\": \"}\"}, \"b\": 1\n}\n");
}

TEST(JsonTextPatch, HandlesStringsWithBracesQuotesAndEscapes) {
  const std::string in = R"({"s": "a \"}\" ,b", "t": "x\\", "k": null})";
  EXPECT_EQ(set_top_level_members(in, {{"k", "7"}}), R"({"s": "a \"}\" ,b", "t": "x\\", "k": 7})");
}

TEST(JsonTextPatch, ReplacesEveryDuplicateOfAKey) {
  EXPECT_EQ(set_top_level_members(R"({"a": 1, "a": 2})", {{"a", "3"}}), R"({"a": 3, "a": 3})");
}

TEST(JsonTextPatch, RefusesWhatIsNotAJsonObject) {
  for (const char* text : {"", "[]", "\"s\"", "12", "{", "{\"a\": }", "not json", "{\"a\":1}x"}) {
    EXPECT_FALSE(set_top_level_members(text, {{"a", "1"}}).has_value()) << text;
  }
}

}  // namespace
}  // namespace ep::redis_queue
