// Settings of the TWS client (one gateway connection): where to connect, how to pace, how to
// watch and re-establish the connection, and how long each kind of wait may take. Plain value;
// app builds it from config and hands it to TwsBroker once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/message_budget.hpp"
#include "tws/handshake.hpp"

namespace ep::tws_client {

using Millis = std::chrono::milliseconds;

struct ClientConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4002;
  // Random in [1000, 2999] when unset (the service always sets it: a stable id per worker).
  // Never changed on error 326 (id in use): only the placing client id can cancel an order.
  std::optional<int> client_id;
  int min_server_version = tws::kMinServerVersion;
  int max_server_version = tws::kMaxServerVersion;

  // Handshake + startApi + nextValidId + managedAccounts must complete within this.
  Millis connect_timeout{10000};

  // Pacing: at most messages_per_second messages in any window of (1 s + pacing_guard). The
  // guard absorbs delivery jitter so the gateway never counts more than the limit in its own
  // 1 s window.
  int messages_per_second = 50;
  Millis pacing_guard{50};
  // Shared pacing (README "Several processors"): every message also needs a slot of this
  // budget, one per gateway for every processor on it. Null: this connection's limit only. A
  // slot is used within shared_slot_validity of its grant or never; the budget counts a slot
  // for 1 s + pacing_guard + shared_slot_validity (app/wiring.cpp).
  std::shared_ptr<core::MessageBudget> message_budget;
  Millis shared_slot_validity{20};

  // Health: reqCurrentTime every heartbeat_interval; the connection counts as lost after
  // heartbeat_max_missed unanswered heartbeats in a row.
  Millis heartbeat_interval{10000};
  int heartbeat_max_missed = 2;

  // Reconnect backoff: initial * 2^attempt, capped, times a random factor in [0.5, 1]. The cap
  // bounds how long trading stays down after the gateway is back (a nightly gateway restart
  // takes a minute or two); one TCP connect every 5-10 s costs the gateway nothing.
  Millis reconnect_initial{500};
  Millis reconnect_max{10000};

  // How long one kind of market data (live, frozen, delayed) may take to produce a price
  // before the next kind is tried. IB ends snapshots after about 11 s.
  Millis market_data_stage_timeout{11000};
  // Quotes from streaming subscriptions (docs/tws-wire-protocol.md §12.4): one per contract,
  // kept while rebalances keep asking for it, so events that run close together share its
  // quotes instead of each taking snapshots. Cancelled at the first quote request after
  // quote_stream_idle without use, and gone with the connection. Off: snapshots only.
  bool quote_streams = true;
  Millis quote_stream_idle{60000};
  // How long a new stream may take to deliver its first live trade; without one (no live
  // permission, no trade yet) the snapshot path answers, and keeps answering for that contract
  // on this connection.
  Millis quote_stream_start_timeout{2000};
  // After an order is done or an executions query ended: how long to wait for commission
  // reports still missing (bounded by the call's deadline).
  Millis commission_grace{2000};
  // How often a wait on working orders looks at the open orders again when no message of ours
  // says they ended (orders of another client id send us nothing): 1 reqAllOpenOrders per look.
  Millis working_order_look_interval{2000};
};

}  // namespace ep::tws_client
