#include "allocation_api/body_excerpt.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::allocation_api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(BodyExcerpt, RedactsEveryOccurrenceAndSpelling) {
  EXPECT_EQ(body_excerpt("k=KEY1;again KEY1KEY1", "KEY1"), "k=***;again ******");
  EXPECT_EQ(body_excerpt("nothing here", "KEY1"), "nothing here");
  EXPECT_EQ(body_excerpt("empty secret", ""), "empty secret");
  // JSON-escaped, URL-encoded and base64 echoes of the key, each before the cut.
  const std::string key = "ab/cd+ef";
  EXPECT_EQ(body_excerpt(R"({"e":"ab\/cd+ef","u":"ab%2Fcd%2Bef","b":"YWIvY2QrZWY="})", key),
            R"({"e":"***","u":"***","b":"***"})");
}

TEST(BodyExcerpt, EmptyBodyIsNamed) {
  EXPECT_EQ(body_excerpt("", "k"), "<empty>");
}

TEST(BodyExcerpt, ShortBodyIsKeptWhole) {
  EXPECT_EQ(body_excerpt("{\"a\":1}", ""), "{\"a\":1}");
}

TEST(BodyExcerpt, LongBodyIsCutWithEllipsis) {
  const std::string excerpt = body_excerpt(std::string(1000, 'a'), "", 200);
  EXPECT_EQ(excerpt, std::string(200, 'a') + "...");
}

TEST(BodyExcerpt, ControlCharactersBecomeSpaces) {
  EXPECT_EQ(body_excerpt(std::string("a\nb\rc\td\0e\x7f", 10), ""), "a b c d e ");
}

TEST(BodyExcerpt, KeyStraddlingTheCutLeavesNoPrefix) {
  const std::string key = "SECRETKEY123";
  // Redactions shorten the text, pulling later bytes (here a second key) under the cut.
  const std::string body = std::string(190, 'x') + key + std::string(5, 'y') + key;
  for (std::size_t max = 185; max < 215; ++max) {
    const std::string excerpt = body_excerpt(body, key, max);
    EXPECT_THAT(excerpt, Not(HasSubstr("SECRET"))) << max;
    EXPECT_THAT(excerpt, Not(HasSubstr("SEC"))) << max;
  }
}

TEST(BodyExcerpt, DoesNotSplitAUtf8Character) {
  const std::string body = std::string(9, 'a') + "\xC3\xA9" + "tail";  // é at bytes 9-10
  const std::string excerpt = body_excerpt(body, "", 10);
  EXPECT_EQ(excerpt, std::string(9, 'a') + "...");
}

TEST(BodyExcerpt, BrokenUtf8BecomesQuestionMarks) {
  EXPECT_EQ(body_excerpt("ok \xC3\xA9 bad \xFF\xC3 end", ""), "ok \xC3\xA9 bad ?? end");
  EXPECT_EQ(body_excerpt("\xE2\x82", ""), "??");  // a sequence cut short
}

}  // namespace
}  // namespace ep::allocation_api
