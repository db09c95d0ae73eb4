#include "tws_client/price_ops.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "logging/log.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/price_selection.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

struct SymbolState {
  PriceStage stage = PriceStage::kLive;
  std::int64_t request_id = -1;
  Deadline stage_deadline{};
  SnapshotPrices ticks;
  std::string why_not;  // the last reason a kind gave no price
  std::optional<core::Result<core::Quote>> result;
};

class PriceRun {
 public:
  PriceRun(Session& session, const ClientConfig& config,
           std::span<const core::ContractInfo> contracts, Deadline deadline)
      : session_(session),
        config_(config),
        contracts_(contracts),
        deadline_(deadline),
        mailbox_(std::make_shared<Mailbox>()),
        listener_(session.registry(), mailbox_),
        states_(contracts.size()),
        open_(contracts.size()) {}

  std::vector<core::Result<core::Quote>> run() {
    for (std::size_t i = 0; i < states_.size(); ++i) {
      if (contracts_[i].symbol.empty()) {
        finish(i, core::invalid_input("empty symbol"));
      } else {
        start_stage(i, PriceStage::kLive);
      }
    }
    const auto next = [&]() -> std::optional<Deadline> {
      expire_stages();  // a stage whose timeout passed moves on before the next wait
      if (open_ == 0) return std::nullopt;
      return earliest_stage_deadline();
    };
    const auto end = receive_until(*mailbox_, deadline_, next,
                                   [&](const tws::Incoming& message) { handle(message); });
    std::vector<core::Result<core::Quote>> results;
    for (std::size_t i = 0; i < states_.size(); ++i) {
      if (states_[i].result) {
        results.push_back(std::move(*states_[i].result));
      } else {
        const auto& symbol = contracts_[i].symbol;
        results.push_back(cut_short(
            InFlight::kReadOnly, end.words(symbol, "no price for " + symbol +
                                                       " before the deadline" + reason_suffix(i))));
      }
    }
    return results;
  }

 private:
  std::string reason_suffix(std::size_t i) const {
    return states_[i].why_not.empty() ? "" : " (" + states_[i].why_not + ")";
  }

  Deadline earliest_stage_deadline() const {
    Deadline earliest = Deadline::max();
    for (const auto& state : states_) {
      if (!state.result) earliest = std::min(earliest, state.stage_deadline);
    }
    return earliest;
  }

  void finish(std::size_t i, core::Result<core::Quote> result) {
    if (states_[i].result) return;
    states_[i].result = std::move(result);
    by_request_.erase(states_[i].request_id);
    --open_;
  }

  void start_stage(std::size_t i, PriceStage stage) {
    auto& state = states_[i];
    by_request_.erase(state.request_id);
    state.stage = stage;
    if (std::chrono::steady_clock::now() >= deadline_) {
      state.stage_deadline = Deadline::max();  // nothing more to ask; reported at the end
      return;
    }
    state.ticks = SnapshotPrices();
    state.request_id = session_.next_id();
    state.stage_deadline =
        std::min(deadline_, std::chrono::steady_clock::now() + config_.market_data_stage_timeout);
    by_request_[state.request_id] = i;
    listener_.add_request(state.request_id);
    const auto& info = contracts_[i];
    const int request_id = static_cast<int>(state.request_id);
    core::Result<void> sent = core::success();
    if (stage == PriceStage::kHistorical) {
      tws::ReqHistoricalData request;
      request.req_id = request_id;
      request.contract = stock_contract(info.symbol, info.con_id, info.primary_exchange);
      request.bar_size = "1 day";
      request.duration = "2 D";
      request.what_to_show = "TRADES";
      request.use_rth = true;
      request.format_date = 1;
      sent = session_.send(request, deadline_);
    } else {
      tws::ReqMktData request;
      request.req_id = request_id;
      request.contract = stock_contract(info.symbol, info.con_id, info.primary_exchange);
      request.snapshot = true;
      sent = session_.send_market_data(static_cast<int>(stage), request, deadline_);
    }
    if (!sent) finish(i, core::unavailable(info.symbol + ": " + sent.error().message));
  }

  // This kind gave nothing: try the next one, or fail after the historical close.
  void next_stage(std::size_t i, const std::string& reason) {
    auto& state = states_[i];
    state.why_not = reason;
    if (state.stage == PriceStage::kHistorical) {
      finish(i, core::unavailable("no price for " + contracts_[i].symbol + ": " + reason));
      return;
    }
    log::info("market data kind unavailable, trying the next",
              {{"symbol", contracts_[i].symbol},
               {"stage", static_cast<int>(state.stage)},
               {"reason", reason}});
    start_stage(i, static_cast<PriceStage>(static_cast<int>(state.stage) + 1));
  }

  void settle_snapshot(std::size_t i, const std::string& why) {
    auto& state = states_[i];
    if (auto price = state.ticks.price()) {
      finish(i, core::Quote{contracts_[i].symbol, *price, state.ticks.source(state.stage),
                            state.ticks.bid(), state.ticks.ask(), state.ticks.last()});
    } else {
      next_stage(i, why);
    }
  }

  void expire_stages() {
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < states_.size(); ++i) {
      auto& state = states_[i];
      if (state.result || now < state.stage_deadline) continue;
      if (state.stage == PriceStage::kHistorical) {
        next_stage(i, "no historical bars in time");
      } else {
        settle_snapshot(i, "no valid tick in time");
      }
    }
  }

  std::optional<std::size_t> index_of(std::int64_t request_id) const {
    auto it = by_request_.find(request_id);
    if (it == by_request_.end()) return std::nullopt;
    return it->second;
  }

  void handle(const tws::Incoming& message) {
    if (const auto* tick = std::get_if<tws::TickPrice>(&message)) {
      auto i = index_of(tick->req_id);
      if (i && states_[*i].ticks.add(*tick)) settle_snapshot(*i, "");
    } else if (const auto* type = std::get_if<tws::MarketDataType>(&message)) {
      if (auto i = index_of(type->req_id)) states_[*i].ticks.set_data_type(type->market_data_type);
    } else if (const auto* end = std::get_if<tws::TickSnapshotEnd>(&message)) {
      if (auto i = index_of(end->req_id)) settle_snapshot(*i, "snapshot ended without a price");
    } else if (const auto* bars = std::get_if<tws::HistoricalData>(&message)) {
      auto i = index_of(bars->req_id);
      if (!i) return;
      if (!bars->bars.empty() && bars->bars.back().close > 0) {
        finish(*i, core::Quote{contracts_[*i].symbol, bars->bars.back().close,
                               core::PriceSource::kHistoricalClose});
      } else {
        next_stage(*i, "no historical bars");
      }
    } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
      handle_error(*error);
    }
  }

  void handle_error(const tws::ErrorMessage& error) {
    auto i = index_of(error.id);
    if (!i) return;
    if (is_delayed_data_advisory(error.code)) {
      states_[*i].ticks.mark_delayed();
      return;
    }
    if (is_partial_market_data(error.code) || is_notice(error.code)) return;
    if (error.code == kNoSecurityDefinition) {
      finish(*i, core::invalid_input("unknown symbol " + contracts_[*i].symbol + " (" +
                                     describe(error) + ")"));
      return;
    }
    next_stage(*i, describe(error));
  }

  Session& session_;
  const ClientConfig& config_;
  std::span<const core::ContractInfo> contracts_;
  Deadline deadline_;
  std::shared_ptr<Mailbox> mailbox_;
  Listener listener_;
  std::vector<SymbolState> states_;
  std::map<std::int64_t, std::size_t> by_request_;
  std::size_t open_;  // symbols without a result
};

}  // namespace

std::vector<core::Result<core::Quote>> fetch_prices(Session& session, const ClientConfig& config,
                                                    std::span<const core::ContractInfo> contracts,
                                                    Deadline deadline) {
  return PriceRun(session, config, contracts, deadline).run();
}

}  // namespace ep::tws_client
