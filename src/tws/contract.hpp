// TWS vocabulary for instruments: Contract (the 12-field block of docs/tws-wire-protocol.md §2.5
// plus secId, combo legs and a delta-neutral hedge). Plain values; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tws/field_writer.hpp"

namespace ep::tws {

struct ComboLeg {
  std::int64_t con_id = 0;
  int ratio = 0;
  std::string action;  // BUY / SELL
  std::string exchange;
  int open_close = 0;
  int short_sale_slot = 0;
  std::string designated_location;
  int exempt_code = -1;
  bool operator==(const ComboLeg&) const = default;
};

struct DeltaNeutralContract {
  std::int64_t con_id = 0;
  double delta = 0.0;
  double price = 0.0;
  bool operator==(const DeltaNeutralContract&) const = default;
};

struct Contract {
  std::int64_t con_id = 0;
  std::string symbol;
  std::string sec_type = "STK";
  std::string last_trade_date;  // lastTradeDateOrContractMonth
  double strike = 0.0;
  std::string right;  // "", "C", "P"; TWS also sends "?" and "0" for stocks
  std::string multiplier;
  std::string exchange = "SMART";
  std::string primary_exchange;
  std::string currency = "USD";
  std::string local_symbol;
  std::string trading_class;
  std::string sec_id_type;  // e.g. ISIN; sent by reqContractDetails and placeOrder
  std::string sec_id;
  std::vector<ComboLeg> combo_legs;  // only for sec_type BAG
  std::optional<DeltaNeutralContract> delta_neutral;
  bool operator==(const Contract&) const = default;
};

}  // namespace ep::tws
