#include "tws/error_codes.hpp"

#include <gtest/gtest.h>

namespace ep::tws {
namespace {

TEST(ErrorCodes, ClassifiesTheFactSheetCodes) {
  for (int code : {2104, 2106, 2158, 2107, 2108, 2103, 2105, 2157, 2100, 2109, 399, 404, 10167}) {
    EXPECT_EQ(classify_error(code), ErrorClass::kInfo) << code;
  }
  for (int code : {1100, 1101, 1102, 326, 504}) {
    EXPECT_EQ(classify_error(code), ErrorClass::kConnectivity) << code;
  }
  EXPECT_EQ(classify_error(100), ErrorClass::kPacing);
  for (int code : {103, 104, 105, 110, 161, 201, 202, 321, 434, 10147, 10148}) {
    EXPECT_EQ(classify_error(code), ErrorClass::kRejection) << code;
  }
  for (int code : {354, 10089, 10090, 10168, 10197, 162, 366, 414}) {
    EXPECT_EQ(classify_error(code), ErrorClass::kMarketData) << code;
  }
  EXPECT_EQ(classify_error(200), ErrorClass::kContract);
  EXPECT_EQ(classify_error(2150), ErrorClass::kInfo);  // other 21xx warnings
  EXPECT_EQ(classify_error(9999), ErrorClass::kOther);
  EXPECT_EQ(to_string(ErrorClass::kMarketData), "market data");
}

}  // namespace
}  // namespace ep::tws
