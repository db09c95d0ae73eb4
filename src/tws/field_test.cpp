#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tws/field_reader.hpp"
#include "tws/field_writer.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

TEST(FormatDouble, MatchesPythonStr) {
  EXPECT_EQ(format_double(0.0), "0.0");
  EXPECT_EQ(format_double(100.0), "100.0");
  EXPECT_EQ(format_double(123.45), "123.45");
  EXPECT_EQ(format_double(-0.57), "-0.57");
  EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_double(0.0001), "0.0001");
  EXPECT_EQ(format_double(0.00001), "1e-05");
  EXPECT_EQ(format_double(1.5e-7), "1.5e-07");
  EXPECT_EQ(format_double(1e15), "1000000000000000.0");
  EXPECT_EQ(format_double(1e16), "1e+16");
  EXPECT_EQ(format_double(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(format_double(37950.0114333), "37950.0114333");
  EXPECT_EQ(format_decimal(100.0), "100");
  EXPECT_EQ(format_decimal(1.24115341), "1.24115341");
}

TEST(FieldWriter, EncodesEveryKind) {
  FieldWriter w;
  w.add(7);
  w.add(std::int64_t{9223372036854775807});
  w.add(1.5);
  w.add(true);
  w.add(false);
  w.add(std::string_view("AAPL"));
  w.add(std::optional<double>{});
  w.add(std::optional<double>{}, UnsetDouble::kJavaMax);
  w.add(std::optional<int>{});
  w.add_unset_int();
  w.add_unset_double();
  w.add_tag_values({{"a", "1"}, {"b", "2"}});
  w.add_tag_values({});
  EXPECT_EQ(w.take(), (Fields{"7", "9223372036854775807", "1.5", "1", "0", "AAPL", "",
                              "1.7976931348623157E308", "", "", "", "a=1;b=2;", ""}));
}

TEST(FieldReader, ReadsNumbersTolerantly) {
  const Fields f{"",
                 "2147483647",
                 "1.7976931348623157E308",
                 "1.7976931348623157e+308",
                 "1.797693135e+308",
                 "9223372036854775807",
                 "0.0",
                 "-1",
                 "Infinity"};
  FieldReader r(f, "test");
  EXPECT_EQ(*r.read_int(), 0);  // empty is 0
  EXPECT_FALSE(r.read_optional_int()->has_value());
  EXPECT_FALSE(r.read_optional_double()->has_value());
  EXPECT_FALSE(r.read_optional_double()->has_value());
  EXPECT_FALSE(r.read_optional_double()->has_value());
  EXPECT_FALSE(r.read_optional_double()->has_value());
  EXPECT_EQ(*r.read_optional_double(), std::optional<double>(0.0));
  EXPECT_EQ(*r.read_int64(), -1);
  EXPECT_TRUE(std::isinf(*r.read_double()));
  EXPECT_EQ(r.remaining(), 0U);
}

TEST(FieldReader, BoolsDecimalsStringsTags) {
  const Fields f{"1", "0", "2", "", "0.5", "abc", "a=1;b=;c", ""};
  FieldReader r(f, "test");
  EXPECT_TRUE(*r.read_bool());
  EXPECT_FALSE(*r.read_bool());
  EXPECT_TRUE(*r.read_bool());
  EXPECT_FALSE(*r.read_bool());
  auto d = r.read_decimal();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "0.5");
  EXPECT_DOUBLE_EQ(d->value, 0.5);
  EXPECT_EQ(*r.read_string(), "abc");
  EXPECT_EQ(*r.read_tag_values(), (TagValues{{"a", "1"}, {"b", ""}, {"c", ""}}));
  EXPECT_TRUE(r.read_tag_values()->empty());
}

TEST(FieldReader, ErrorsNameMessageAndField) {
  const Fields f{"12x", "1e999x"};
  FieldReader r(f, "tickPrice");
  auto bad = r.read_int("reqId");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kInvalidInput);
  EXPECT_THAT(bad.error().message, HasSubstr("tickPrice"));
  EXPECT_THAT(bad.error().message, HasSubstr("reqId"));
  EXPECT_EQ(r.position(), 0U);  // the bad field was not consumed
  ASSERT_TRUE(r.skip(1).ok());
  EXPECT_FALSE(r.read_double("price").ok());
  ASSERT_TRUE(r.skip(1).ok());
  auto missing = r.read_string("size");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("missing"));
  EXPECT_FALSE(r.skip(3).ok());
}

TEST(FieldReader, RejectsOverflowAndJunk) {
  const Fields f{"99999999999", "nan", " 1", "0x10", "1.0"};
  FieldReader r(f, "m");
  EXPECT_FALSE(r.read_int().ok());
  ASSERT_TRUE(r.skip(1).ok());
  EXPECT_FALSE(r.read_double().ok());
  ASSERT_TRUE(r.skip(1).ok());
  EXPECT_FALSE(r.read_double().ok());
  ASSERT_TRUE(r.skip(1).ok());
  EXPECT_FALSE(r.read_int().ok());
  ASSERT_TRUE(r.skip(1).ok());
  EXPECT_FALSE(r.read_int().ok());  // ints are integers on this protocol
}

}  // namespace
}  // namespace ep::tws
