#include "tws/error_codes.hpp"

namespace ep::tws {

ErrorClass classify_error(int code) {
  switch (code) {
    // Farm status (OK/inactive/broken) and order warnings: informational.
    case 2100:
    case 2103:
    case 2104:
    case 2105:
    case 2106:
    case 2107:
    case 2108:
    case 2109:
    case 2157:
    case 2158:
    case 399:
    case 404:
    case 10167:
      return ErrorClass::kInfo;
    case 1100:
    case 1101:
    case 1102:
    case 326:
    case 504:
      return ErrorClass::kConnectivity;
    case 100:
      return ErrorClass::kPacing;
    case 103:
    case 104:
    case 105:
    case 110:
    case 161:
    case 201:
    case 202:
    case 321:
    case 434:
    case 10147:
    case 10148:
      return ErrorClass::kRejection;
    case 354:
    case 10089:
    case 10090:
    case 10168:
    case 10197:
    case 162:
    case 366:
    case 414:
      return ErrorClass::kMarketData;
    case 200:
      return ErrorClass::kContract;
    default:
      // Other 21xx codes are warnings as well (ib_async treats 2100-2199 so).
      if (code >= 2100 && code <= 2199) return ErrorClass::kInfo;
      return ErrorClass::kOther;
  }
}

std::string_view to_string(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::kInfo:
      return "info";
    case ErrorClass::kConnectivity:
      return "connectivity";
    case ErrorClass::kPacing:
      return "pacing";
    case ErrorClass::kRejection:
      return "rejection";
    case ErrorClass::kMarketData:
      return "market data";
    case ErrorClass::kContract:
      return "contract";
    case ErrorClass::kOther:
      return "other";
  }
  return "other";
}

}  // namespace ep::tws
