#include "allocation_api/allocation_answer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ep::allocation_api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kGood = R"({"status": "success", "data": {"name": "etf-blend-200-35",
  "strategy_long_name": "ETF Blend", "last_rebalance_on": "2025-07-18",
  "allocations": [{"symbol": "SPY", "allocation": 0.6}, {"symbol": "TLT", "allocation": 0.4}]}})";

std::string with_allocations(const std::string& allocations) {
  return R"({"status": "success", "data": {"name": "s", "allocations": )" + allocations + "}}";
}

TEST(ParseAllocationAnswer, AcceptsTheDocumentedAnswer) {
  const auto answer = parse_allocation_answer(200, kGood);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(answer->strategy_name, "etf-blend-200-35");
  ASSERT_EQ(answer->allocations.size(), 2u);
  EXPECT_EQ(answer->allocations[0].symbol, "SPY");
  EXPECT_DOUBLE_EQ(answer->allocations[0].weight, 0.6);
  EXPECT_EQ(answer->allocations[1].symbol, "TLT");
  EXPECT_DOUBLE_EQ(answer->allocations[1].weight, 0.4);
  EXPECT_TRUE(answer->warnings.empty());
}

TEST(ParseAllocationAnswer, AcceptsBoundsAndIntegerNumbers) {
  const auto answer = parse_allocation_answer(
      200, with_allocations(
               R"([{"symbol": "SPY", "allocation": 1}, {"symbol": "BRK B", "allocation": 0}])"));
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_DOUBLE_EQ(answer->allocations[0].weight, 1.0);
  EXPECT_EQ(answer->allocations[1].symbol, "BRK B");
  EXPECT_TRUE(answer->warnings.empty());
}

TEST(ParseAllocationAnswer, SumWithinToleranceHasNoWarning) {
  const auto answer = parse_allocation_answer(
      200, with_allocations(
               R"([{"symbol": "A", "allocation": 0.5}, {"symbol": "B", "allocation": 0.495}])"));
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_TRUE(answer->warnings.empty());
}

TEST(ParseAllocationAnswer, SumOffByMoreThanToleranceWarns) {
  for (const char* second : {"0.37", "0.45"}) {  // sums 0.97 and 1.05
    const auto answer = parse_allocation_answer(
        200,
        with_allocations(
            std::string(R"([{"symbol": "A", "allocation": 0.6}, {"symbol": "B", "allocation": )") +
            second + "}]"));
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    ASSERT_EQ(answer->warnings.size(), 1u) << second;
    EXPECT_THAT(answer->warnings[0], HasSubstr(std::string(second) == "0.37" ? "0.97" : "1.05"));
  }
}

TEST(ParseAllocationAnswer, MissingNameIsAllowed) {
  const auto answer = parse_allocation_answer(
      200, R"({"status": "success", "data": {"allocations": [{"symbol": "A", "allocation": 1}]}})");
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(answer->strategy_name, "");
}

// One malformed or refused answer: what it looks like and what the error must say.
struct BadCase {
  const char* label;
  int status;
  std::string body;
  core::ErrorKind kind;
  const char* reason;  // a piece of the error message naming the problem
};

// {"a": {"a": ... 1 ...}} nested `depth` objects deep.
std::string deep_objects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += "{\"a\": ";
  return text + "1" + std::string(depth, '}');
}

std::vector<BadCase> bad_cases() {
  using core::ErrorKind;
  const auto k = ErrorKind::kInvalidInput;
  return {
      {"http500", 500, R"({"error": "boom"})", ErrorKind::kUnavailable, "HTTP 500"},
      {"http503", 503, "", ErrorKind::kUnavailable, "HTTP 503"},
      {"http429", 429, "slow down", ErrorKind::kUnavailable, "HTTP 429"},
      {"http404", 404, R"({"status": "error", "message": "strategy not found"})", k, "HTTP 404"},
      {"http401", 401, "unauthorized", k, "HTTP 401"},
      {"http204", 204, "", k, "HTTP 204"},
      {"http302", 302, "moved", k, "HTTP 302"},
      {"empty_body", 200, "", k, "not valid JSON"},
      {"not_json", 200, "hello", k, "not valid JSON"},
      {"truncated_json", 200, kGood.substr(0, 60), k, "not valid JSON"},
      {"html_error_page", 200, "<html><body><h1>502 Bad Gateway</h1></body></html>", k,
       "not valid JSON"},
      {"top_level_array", 200, "[1, 2]", k, "not an object"},
      {"top_level_string", 200, R"("success")", k, "not an object"},
      {"missing_status", 200, R"({"data": {"allocations": []}})", k, "missing \"status\""},
      {"status_error", 200,
       R"({"status": "error", "data": {"allocations": [{"symbol": "A", "allocation": 1}]}})", k,
       "\"status\" is \"error\""},
      {"status_number", 200, R"({"status": 1, "data": {}})", k, "\"status\" is 1"},
      {"missing_data", 200, R"({"status": "success"})", k, "missing \"data\""},
      {"data_null", 200, R"({"status": "success", "data": null})", k, "\"data\" is null"},
      {"data_array", 200, R"({"status": "success", "data": []})", k, "\"data\" is an array"},
      {"missing_allocations", 200, R"({"status": "success", "data": {"name": "x"}})", k,
       "missing \"data.allocations\""},
      {"allocations_object", 200, with_allocations(R"({"SPY": 1})"), k, "not an array"},
      {"allocations_string", 200, with_allocations(R"("SPY")"), k, "not an array"},
      {"allocations_empty", 200, with_allocations("[]"), k, "is empty"},
      {"item_number", 200, with_allocations("[1]"), k, "data.allocations[0] is a number"},
      {"symbol_missing", 200, with_allocations(R"([{"allocation": 1}])"), k,
       "data.allocations[0].symbol is missing"},
      {"symbol_empty", 200, with_allocations(R"([{"symbol": "", "allocation": 1}])"), k,
       ".symbol is empty"},
      {"symbol_number", 200, with_allocations(R"([{"symbol": 42, "allocation": 1}])"), k,
       ".symbol is a number"},
      {"symbol_null", 200, with_allocations(R"([{"symbol": null, "allocation": 1}])"), k,
       ".symbol is null"},
      {"symbol_control_char", 200, with_allocations(R"([{"symbol": "SP\nY", "allocation": 1}])"), k,
       "control characters"},
      {"symbol_padded", 200, with_allocations(R"([{"symbol": " SPY", "allocation": 1}])"), k,
       "surrounding spaces"},
      {"allocation_missing", 200, with_allocations(R"([{"symbol": "SPY"}])"), k,
       ".allocation is missing"},
      {"allocation_string", 200, with_allocations(R"([{"symbol": "SPY", "allocation": "0.5"}])"), k,
       ".allocation is a string"},
      {"allocation_nan_string", 200,
       with_allocations(R"([{"symbol": "SPY", "allocation": "NaN"}])"), k,
       ".allocation is a string"},
      {"allocation_bool", 200, with_allocations(R"([{"symbol": "SPY", "allocation": true}])"), k,
       ".allocation is a boolean"},
      {"allocation_null", 200, with_allocations(R"([{"symbol": "SPY", "allocation": null}])"), k,
       ".allocation is null"},
      {"allocation_negative", 200, with_allocations(R"([{"symbol": "SPY", "allocation": -0.1}])"),
       k, "outside [0, 1]"},
      {"allocation_above_one", 200, with_allocations(R"([{"symbol": "SPY", "allocation": 1.2}])"),
       k, "outside [0, 1]"},
      {"allocation_huge_exponent", 200,
       with_allocations(R"([{"symbol": "SPY", "allocation": 1e400}])"), k, ""},
      {"duplicate_symbol", 200,
       with_allocations(
           R"([{"symbol": "SPY", "allocation": 0.5}, {"symbol": "SPY", "allocation": 0.5}])"),
       k, "data.allocations[1].symbol SPY is a duplicate"},
      {"duplicate_symbol_other_case", 200,
       with_allocations(
           R"([{"symbol": "SPY", "allocation": 0.5}, {"symbol": "spy", "allocation": 0.5}])"),
       k, "duplicate"},
      {"deep_nesting", 200, std::string(100000, '[') + std::string(100000, ']'), k,
       "nested deeper"},
      {"deep_objects_in_data", 200, with_allocations(deep_objects(10000)), k,
       "JSON nested deeper than 32 levels"},
  };
}

class ParseBadAnswer : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseBadAnswer, FailsWithKindStatusReasonAndExcerpt) {
  const BadCase& c = GetParam();
  const auto answer = parse_allocation_answer(c.status, c.body);
  ASSERT_FALSE(answer.ok()) << c.label << " was accepted";
  EXPECT_EQ(answer.error().kind, c.kind) << answer.error().message;
  const std::string& message = answer.error().message;
  EXPECT_THAT(message, HasSubstr("HTTP " + std::to_string(c.status)));
  EXPECT_THAT(message, HasSubstr(c.reason));
  EXPECT_THAT(message, HasSubstr("body: "));
  if (c.body.empty()) {
    EXPECT_THAT(message, HasSubstr("<empty>"));
  } else {
    EXPECT_THAT(message, HasSubstr(c.body.substr(0, 10)));
  }
  EXPECT_LT(message.size(), 600u) << "the message must stay short";
  for (const char ch : message) {
    EXPECT_GE(static_cast<unsigned char>(ch), 0x20) << "control character in: " << message;
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ParseBadAnswer, ::testing::ValuesIn(bad_cases()),
                         [](const auto& test_info) { return std::string(test_info.param.label); });

TEST(ParseAllocationAnswer, HugeBodyIsCutInTheMessage) {
  const std::string body = "<html>" + std::string(50000, 'x') + "</html>";
  const auto answer = parse_allocation_answer(502, body);
  ASSERT_FALSE(answer.ok());
  const std::string& message = answer.error().message;
  EXPECT_THAT(message, HasSubstr("<html>xxx"));
  EXPECT_THAT(message, HasSubstr("..."));
  EXPECT_THAT(message, Not(HasSubstr("</html>")));
  EXPECT_LT(message.size(), 400u);
}

TEST(ParseAllocationAnswer, ControlCharactersAreStrippedFromTheExcerpt) {
  const auto answer = parse_allocation_answer(500, "line one\r\nline\ttwo\x1b[31m");
  ASSERT_FALSE(answer.ok());
  EXPECT_THAT(answer.error().message, HasSubstr("line one  line two [31m"));
}

TEST(ParseAllocationAnswer, SecretIsRedactedFromExcerptAndReason) {
  const std::string key = "sk-live-0123456789abcdef";
  const std::string body = R"({"status": ")" + key + R"(", "echo": "x-api-key: )" + key + R"("})";
  const auto answer = parse_allocation_answer(200, body, key);
  ASSERT_FALSE(answer.ok());
  EXPECT_THAT(answer.error().message, Not(HasSubstr(key)));
  EXPECT_THAT(answer.error().message, Not(HasSubstr("sk-live")));
  EXPECT_THAT(answer.error().message, HasSubstr("***"));
}

}  // namespace
}  // namespace ep::allocation_api
