#include "tws_client/contract_ops.hpp"

#include <map>
#include <optional>

#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

struct Pending {
  std::optional<core::ContractInfo> first;  // the first match; SMART/USD STK gives one
  std::optional<core::Result<core::ContractInfo>> result;
};

core::ContractInfo to_info(const core::Symbol& symbol, const tws::ContractDetails& details) {
  core::ContractInfo info;
  info.symbol = symbol;
  info.con_id = details.contract.con_id;
  info.primary_exchange = details.contract.primary_exchange;
  info.time_zone = details.time_zone_id;
  info.trading_hours = details.trading_hours;
  info.liquid_hours = details.liquid_hours;
  info.min_tick = details.min_tick;  // a limit price must be a multiple of it
  return info;
}

}  // namespace

std::vector<core::Result<core::ContractInfo>> fetch_contract_details(
    Session& session, std::span<const core::Symbol> symbols, Deadline deadline) {
  std::vector<Pending> pending(symbols.size());
  std::map<std::int64_t, std::size_t> by_request;
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  std::size_t open = 0;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i].empty()) {
      pending[i].result = core::invalid_input("empty symbol");
      continue;
    }
    const int request_id = session.next_request_id();
    listener.add_request(request_id);
    by_request[request_id] = i;
    tws::ReqContractDetails request;
    request.req_id = request_id;
    request.contract = stock_contract(symbols[i]);
    if (auto sent = session.send(request, deadline); !sent) {
      pending[i].result = core::unavailable(symbols[i] + ": " + sent.error().message);
      continue;
    }
    ++open;
  }
  auto finish = [&](std::size_t i, core::Result<core::ContractInfo> result) {
    if (pending[i].result) return;
    pending[i].result = std::move(result);
    --open;
  };
  const auto end = receive_until(
      *mailbox, deadline, [&] { return open == 0; },
      [&](const tws::Incoming& message) {
        if (const auto* details = std::get_if<tws::ContractDetails>(&message)) {
          auto it = by_request.find(details->req_id);
          if (it != by_request.end() && !pending[it->second].first) {
            pending[it->second].first = to_info(symbols[it->second], *details);
          }
        } else if (const auto* done = std::get_if<tws::ContractDetailsEnd>(&message)) {
          auto it = by_request.find(done->req_id);
          if (it == by_request.end()) return;
          const std::size_t i = it->second;
          if (pending[i].first) {
            finish(i, *pending[i].first);
          } else {
            finish(i, core::invalid_input("unknown symbol " + symbols[i]));
          }
        } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
          auto it = by_request.find(error->id);
          if (it == by_request.end() || is_notice(error->code)) return;
          const std::size_t i = it->second;
          if (error->code == kNoSecurityDefinition) {
            finish(i, core::invalid_input("unknown symbol " + symbols[i] + " (" + describe(*error) +
                                          ")"));
          } else {
            finish(i, to_error(*error, symbols[i] + ": "));
          }
        }
      });
  std::vector<core::Result<core::ContractInfo>> results;
  results.reserve(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].result) {
      results.push_back(std::move(*pending[i].result));
    } else {
      results.push_back(cut_short(
          InFlight::kReadOnly,
          end.words(symbols[i], "no contract details for " + symbols[i] + " before the deadline")));
    }
  }
  return results;
}

}  // namespace ep::tws_client
