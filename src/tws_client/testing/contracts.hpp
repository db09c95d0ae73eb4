// A stock as the client knows it once its contract details came, for the tests of what keeps
// contracts and quotes. Test-only.
#pragma once

#include <cstdint>
#include <string>

#include "core/broker.hpp"

namespace ep::tws_client::testing {

// Listed on ARCA, like the symbols the scripted gateways answer for.
inline core::ContractInfo arca_stock(const std::string& symbol, std::int64_t con_id) {
  core::ContractInfo info;
  info.symbol = symbol;
  info.con_id = con_id;
  info.primary_exchange = "ARCA";
  return info;
}

}  // namespace ep::tws_client::testing
