// times_queued_of_event counts what parse_event_fields reads: the same value for every shape of
// times_queued, and nothing for a text that is not a JSON object.
#include "redis_queue/retry_summary.hpp"

#include <gtest/gtest.h>

#include <string>

#include "redis_queue/event_json.hpp"

namespace ep::redis_queue {
namespace {

TEST(TimesQueuedOfEvent, AgreesWithTheEventParserOnEveryShape) {
  const std::vector<std::string> texts = {
      R"({"event_id":"e1","times_queued":3})",
      R"({"event_id":"e1","times_queued":1})",
      R"({"event_id":"e1"})",
      R"({"times_queued":-2})",
      R"({"times_queued":0})",
      R"({"times_queued":4.0})",
      R"({"times_queued":4.7})",
      R"({"times_queued":-1.5})",
      R"({"times_queued":1e20})",
      R"({"times_queued":"3"})",
      R"({"times_queued":null})",
      R"({"times_queued":true})",
      R"({"times_queued":[5]})",
      R"({"times_queued":{"n":5},"x":1})",
      R"({"data":{"times_queued":9},"times_queued":2})",
      R"({"data":{"times_queued":9}})",
      R"({"times_queued":2,"times_queued":6})",
      R"({"a":[{"times_queued":7}],"b":"times_queued","times_queued":5})",
      R"({"s":"\"times_queued\":8","times_queued":12})",
      R"({"times_queued":18446744073709551615})",
  };
  for (const auto& text : texts) {
    const EventFields fields = parse_event_fields(text);
    ASSERT_TRUE(fields.valid) << text;
    const auto counted = times_queued_of_event(text);
    ASSERT_TRUE(counted.has_value()) << text;
    EXPECT_EQ(*counted, fields.times_queued) << text;
  }
}

TEST(TimesQueuedOfEvent, NothingForTextsThatAreNotObjects) {
  for (const std::string text :
       {"", "{", "[1,2]", "\"text\"", "3", "null", R"({"times_queued":2} trailing)",
        R"({"times_queued":2,})", "{broken"}) {
    EXPECT_FALSE(parse_event_fields(text).valid) << text;
    EXPECT_FALSE(times_queued_of_event(text).has_value()) << text;
  }
}

TEST(TimesQueuedOfEvent, ADeeplyNestedEventIsReadWithoutRecursion) {
  const std::string deep =
      R"({"times_queued":4,"data":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(times_queued_of_event(deep), 4);
}

}  // namespace
}  // namespace ep::redis_queue
