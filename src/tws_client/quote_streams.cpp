#include "tws_client/quote_streams.hpp"

#include <cmath>

#include "logging/log.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"

namespace ep::tws_client {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool valid_price(double price) {
  return std::isfinite(price) && price > 0 && price < 1e300;
}

enum class StreamState {
  kStarting,  // subscribed, no live trade yet
  kLive,      // trusted while the connection has no market data break
  kFailed,    // the gateway refused live data or sent something else: snapshots from now on
  kLost,      // the connection lost IB: subscribe again
};

struct Stream {
  core::Symbol symbol;
  std::int64_t con_id = 0;
  int request_id = 0;
  StreamState state = StreamState::kStarting;
  bool gateway_ended = false;  // an error ended the request: nothing to cancel
  std::uint64_t breaks_at_start = 0;
  std::optional<double> bid, ask, last;
  SteadyClock::time_point last_used{};
};

}  // namespace

// Everything the reader thread touches, under one mutex. generation tells the deliveries of an
// older binding (a previous connection) apart.
struct QuoteStreams::State {
  std::mutex mu;
  std::condition_variable cv;
  std::uint64_t generation = 0;
  std::map<std::int64_t, Stream> by_con_id;
  std::map<std::int64_t, std::int64_t> con_id_of_request;
  std::set<std::int64_t> snapshot_only;  // con ids without live streams on this connection

  Stream* stream_of(std::int64_t request_id) {
    auto it = con_id_of_request.find(request_id);
    if (it == con_id_of_request.end()) return nullptr;
    auto stream = by_con_id.find(it->second);
    return stream == by_con_id.end() ? nullptr : &stream->second;
  }

  void fail(Stream& stream, const std::string& why, bool gateway_ended) {
    if (stream.state == StreamState::kFailed) return;
    log::info("quote stream refused; snapshots for this contract on this connection",
              {{"symbol", stream.symbol}, {"con_id", stream.con_id}, {"reason", why}});
    stream.state = StreamState::kFailed;
    stream.gateway_ended = stream.gateway_ended || gateway_ended;
    snapshot_only.insert(stream.con_id);
  }

  // Reader thread.
  void deliver(std::uint64_t from_generation, const Delivery& delivery) {
    std::lock_guard lock(mu);
    if (from_generation != generation) return;
    if (std::holds_alternative<ConnectionLost>(delivery)) {
      for (auto& [con_id, stream] : by_con_id) {
        if (stream.state != StreamState::kFailed) stream.state = StreamState::kLost;
      }
      cv.notify_all();
      return;
    }
    const auto& message = std::get<tws::Incoming>(delivery);
    if (const auto* tick = std::get_if<tws::TickPrice>(&message)) {
      Stream* stream = stream_of(tick->req_id);
      if (stream == nullptr) return;
      const std::optional<double> price =
          valid_price(tick->price) ? std::optional<double>(tick->price) : std::nullopt;
      switch (tick->tick_type) {
        // "-1 = no bid / no ask now" (the close, a halt): that side is gone, so an earlier
        // value would price a limit order from a market that no longer exists.
        case 1:
          stream->bid = price;
          break;
        case 2:
          stream->ask = price;
          break;
        case 4:
          if (!price) return;
          stream->last = tick->price;
          if (stream->state == StreamState::kStarting) {
            stream->state = StreamState::kLive;
            cv.notify_all();
          }
          break;
        default:
          // Delayed twins (66..76) mean the data is not live: not a stream to trade on.
          if (price && tick->tick_type >= 66 && tick->tick_type <= 76) {
            fail(*stream, "delayed ticks on a live request", false);
            cv.notify_all();
          }
          break;
      }
    } else if (const auto* type = std::get_if<tws::MarketDataType>(&message)) {
      Stream* stream = stream_of(type->req_id);
      if (stream != nullptr && type->market_data_type != 1) {
        fail(*stream, "market data type " + std::to_string(type->market_data_type), false);
        cv.notify_all();
      }
    } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
      Stream* stream = stream_of(error->id);
      if (stream == nullptr || is_partial_market_data(error->code) || is_notice(error->code)) {
        return;
      }
      // 10167: delayed data follows on this request, which stays open; any other error ends it.
      fail(*stream, describe(*error), !is_delayed_data_advisory(error->code));
      cv.notify_all();
    }
  }
};

QuoteStreams::QuoteStreams(std::chrono::milliseconds idle_release)
    : idle_release_(idle_release), state_(std::make_shared<State>()) {}

QuoteStreams::~QuoteStreams() {
  listener_.reset();  // before session_, whose registry it names
}

std::size_t QuoteStreams::open_streams() const {
  std::lock_guard lock(state_->mu);
  return state_->by_con_id.size();
}

void QuoteStreams::bind(const std::shared_ptr<Session>& session) {
  if (session_ == session && !session->closed()) return;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(state_->mu);
    generation = ++state_->generation;
    state_->by_con_id.clear();
    state_->con_id_of_request.clear();
    state_->snapshot_only.clear();
  }
  // The old connection's subscriptions ended with it (or end when it closes).
  listener_.reset();
  session_ = session;
  auto sink = [weak = std::weak_ptr<State>(state_), generation](Delivery delivery) {
    if (auto state = weak.lock()) state->deliver(generation, delivery);
  };
  listener_ = std::make_unique<Listener>(session->registry(), std::make_shared<Mailbox>(sink));
}

void QuoteStreams::release(Session& session, SteadyClock::time_point now, Deadline deadline) {
  std::vector<int> cancels;
  {
    std::lock_guard lock(state_->mu);
    const auto breaks = session.market_data_breaks();
    for (auto it = state_->by_con_id.begin(); it != state_->by_con_id.end();) {
      auto& stream = it->second;
      const bool broken = stream.state == StreamState::kLost ||
                          (stream.state == StreamState::kLive && stream.breaks_at_start != breaks);
      const bool idle = now - stream.last_used >= idle_release_;
      if (!broken && !idle && stream.state != StreamState::kFailed) {
        ++it;
        continue;
      }
      if (!stream.gateway_ended) cancels.push_back(stream.request_id);
      state_->con_id_of_request.erase(stream.request_id);
      it = state_->by_con_id.erase(it);
    }
  }
  for (int request_id : cancels) {
    // Best effort: a failed cancel leaves a subscription the gateway ends with the connection.
    static_cast<void>(session.send(tws::CancelMktData{request_id}, deadline));
  }
}

void QuoteStreams::start(Session& session, const core::ContractInfo& contract, Deadline deadline) {
  const int request_id = session.next_request_id();
  {
    std::lock_guard lock(state_->mu);
    Stream stream;
    stream.symbol = contract.symbol;
    stream.con_id = contract.con_id;
    stream.request_id = request_id;
    stream.breaks_at_start = session.market_data_breaks();
    stream.last_used = SteadyClock::now();
    state_->by_con_id[contract.con_id] = stream;
    state_->con_id_of_request[request_id] = contract.con_id;
  }
  listener_->add_request(request_id);  // never under state_->mu: it may deliver at once
  tws::ReqMktData request;
  request.req_id = request_id;
  request.contract = stock_contract(contract.symbol, contract.con_id, contract.primary_exchange);
  request.snapshot = false;
  if (auto sent = session.send_market_data(1, request, deadline); !sent) {
    std::lock_guard lock(state_->mu);
    auto it = state_->by_con_id.find(contract.con_id);
    if (it != state_->by_con_id.end()) {
      // Nothing may have reached the gateway, or part of it: cancel it next time to be sure.
      it->second.state = StreamState::kLost;
    }
  }
}

std::vector<std::optional<core::Quote>> QuoteStreams::quotes(
    const std::shared_ptr<Session>& session, std::span<const core::ContractInfo> contracts,
    std::chrono::milliseconds start_timeout, Deadline deadline) {
  std::lock_guard call(calls_mu_);
  bind(session);
  const auto now = SteadyClock::now();
  release(*session, now, deadline);

  std::vector<std::size_t> to_start;
  {
    std::lock_guard lock(state_->mu);
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < contracts.size(); ++i) {
      const auto& contract = contracts[i];
      if (contract.con_id == 0 || contract.symbol.empty() ||
          state_->snapshot_only.contains(contract.con_id) || !seen.insert(contract.con_id).second) {
        continue;
      }
      if (auto it = state_->by_con_id.find(contract.con_id); it != state_->by_con_id.end()) {
        it->second.last_used = now;
      } else {
        to_start.push_back(i);
      }
    }
  }
  for (std::size_t i : to_start) start(*session, contracts[i], deadline);

  std::unique_lock lock(state_->mu);
  if (!to_start.empty()) {
    state_->cv.wait_until(lock, std::min(deadline, SteadyClock::now() + start_timeout), [&] {
      for (std::size_t i : to_start) {
        auto it = state_->by_con_id.find(contracts[i].con_id);
        if (it != state_->by_con_id.end() && it->second.state == StreamState::kStarting) {
          return false;
        }
      }
      return true;
    });
  }
  const auto breaks = session->market_data_breaks();
  std::vector<std::optional<core::Quote>> out(contracts.size());
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const auto& contract = contracts[i];
    auto it = state_->by_con_id.find(contract.con_id);
    if (it == state_->by_con_id.end()) continue;
    auto& stream = it->second;
    if (stream.symbol != contract.symbol) continue;  // never another symbol's quote
    if (stream.state == StreamState::kStarting) {
      // No live trade in time: the snapshot path answers for this contract from now on.
      state_->fail(stream, "no live trade within the start timeout", false);
      continue;
    }
    if (stream.state != StreamState::kLive || stream.breaks_at_start != breaks || !stream.last) {
      continue;
    }
    out[i] = core::Quote{contract.symbol,          *stream.last,
                         core::PriceSource::kLive, stream.bid.value_or(0.0),
                         stream.ask.value_or(0.0), *stream.last};
  }
  return out;
}

}  // namespace ep::tws_client
