// Maps the paper broker's records to TWS messages (the tws codec's structs), spelled the way
// IB Gateway spells them in the captures of shared/tws-captures (openOrder right "?", position
// strike 0.0, commissionReport yield max-double and an empty yieldRedemptionDate, ...). Pure
// functions; called on the server's I/O thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/paper_broker.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

tws::Contract stock_contract(const SymbolSpec& spec);
// ibsim trades and quotes US-dollar stocks only: another security type or currency in a
// request is unknown here (error 200). A field the client left empty matches.
bool is_usd_stock(const tws::Contract& contract);

// The request's name as docs/tws-wire-protocol.md §5 spells it (e.g. "reqContractDetails"):
// GET /state counts the requests received per client and per name.
std::string_view request_name(const tws::Request& request);

tws::OpenOrder open_order_message(const Order& order, const SymbolSpec& spec);
tws::OrderStatus order_status_message(const Order& order, const char* status_override = nullptr);
tws::OpenOrder what_if_message(const OrderRequest& request, const SymbolSpec& spec,
                               const WhatIfResult& result);
tws::CompletedOrder completed_order_message(const Order& order, const SymbolSpec& spec);
tws::ExecDetails exec_details_message(const Fill& fill, const SymbolSpec& spec, int req_id);
tws::CommissionReport commission_message(const Fill& fill);

tws::ContractDetails contract_details_message(int req_id, const SymbolSpec& spec, TimePoint now);
tws::Position position_message(const std::string& account, const SymbolSpec& spec,
                               const PositionState& position);
tws::PortfolioValue portfolio_message(const std::string& account, const SymbolSpec& spec,
                                      const PositionState& position);

struct KeyValue {
  std::string key;
  std::string value;
  std::string currency;  // empty for text-valued keys
};
// reqAccountUpdates rows, in a fixed order (AccountCode first, as TWS does).
std::vector<KeyValue> account_update_rows(const PaperBroker& broker, const std::string& account);
// reqAccountSummary rows for the requested comma-separated tags (unknown tags skipped;
// "$LEDGER", "$LEDGER:ALL", "$LEDGER:USD" add the per-currency ledger rows).
std::vector<KeyValue> account_summary_rows(const PaperBroker& broker, const std::string& account,
                                           const std::string& tags);

// "yyyyMMdd HH:mm:ss <zone>" in the given zone (execution and completed times).
std::string format_exchange_time(TimePoint at, const std::string& zone);
// "HH:mm" in New York, the accountUpdateTime format.
std::string format_account_time(TimePoint at);

}  // namespace ep::sim
