// core::Broker over the TWS socket protocol: the adapter app wires in. It owns the gateway
// connection (ConnectionManager: handshake, reconnects, heartbeats, pacing) and runs every
// operation on the calling thread against the live session, waiting for a connection until
// the call's deadline. Thread-safe: the processor thread calls it while the reader and
// supervisor threads run; calls from several threads at once are fine too.
#pragma once

#include "core/broker.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/connection_manager.hpp"
#include "tws_client/contract_cache.hpp"
#include "tws_client/quote_streams.hpp"
#include "tws_client/wait_progress.hpp"

namespace ep::tws_client {

class TwsBroker final : public core::Broker {
 public:
  explicit TwsBroker(ClientConfig config);
  ~TwsBroker() override;

  // Starts connecting in the background (calls also start it on first use).
  void start();
  void stop();

  core::Result<std::vector<std::string>> managed_accounts(core::Deadline deadline) override;
  core::Result<core::AccountSnapshot> account_snapshot(const std::string& account,
                                                       core::Deadline deadline) override;
  std::vector<core::Result<core::ContractInfo>> contract_details(
      std::span<const core::Symbol> symbols, core::Deadline deadline) override;
  std::vector<core::Result<core::Quote>> prices(std::span<const core::ContractInfo> contracts,
                                                core::Deadline deadline) override;
  std::vector<core::Result<core::WhatIfResult>> what_if(std::span<const core::OrderRequest> orders,
                                                        core::Deadline deadline) override;
  std::vector<core::OrderOutcome> place_orders(std::span<const core::OrderRequest> orders,
                                               core::Deadline deadline) override;
  core::Result<std::size_t> cancel_open_orders(const std::string& account,
                                               core::Deadline deadline) override;
  core::Result<std::size_t> cancel_orders(const std::string& account,
                                          std::span<const std::int64_t> order_ids,
                                          core::Deadline deadline) override;
  core::Result<std::vector<core::OpenOrder>> open_orders(core::Deadline deadline) override;
  core::Result<void> await_orders_done(const std::string& account,
                                       std::span<const std::string> order_refs,
                                       core::Deadline deadline) override;
  core::Result<std::vector<core::Execution>> executions_today(const std::string& account,
                                                              core::Deadline deadline) override;
  core::BrokerStatus status() const override;

  int client_id() const { return connection_.client_id(); }

 private:
  const ClientConfig config_;
  ConnectionManager connection_;
  WaitBoard waits_;  // what place_orders / await_orders_done wait for now (status().waiting)
  ContractCache contracts_;  // contract details of this connection and New York day
  QuoteStreams streams_;     // live quotes shared by the events that run close together
};

}  // namespace ep::tws_client
