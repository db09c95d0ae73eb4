#include "tws_client/tws_broker.hpp"

#include "tws_client/account_ops.hpp"
#include "tws_client/contract_ops.hpp"
#include "tws_client/open_order_ops.hpp"
#include "tws_client/order_ops.hpp"
#include "tws_client/price_ops.hpp"

namespace ep::tws_client {
namespace {

template <class T>
std::vector<core::Result<T>> all_failed(std::size_t count, const core::Error& error) {
  return std::vector<core::Result<T>>(count, core::Result<T>(error));
}

}  // namespace

TwsBroker::TwsBroker(ClientConfig config)
    : config_(config), connection_(std::move(config)), streams_(config_.quote_stream_idle) {}

TwsBroker::~TwsBroker() {
  stop();
}

void TwsBroker::start() {
  connection_.start();
}
void TwsBroker::stop() {
  connection_.stop();
}

core::Result<std::vector<std::string>> TwsBroker::managed_accounts(core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return (*session)->managed_accounts();
}

core::Result<core::AccountSnapshot> TwsBroker::account_snapshot(const std::string& account,
                                                                core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return fetch_account_snapshot(**session, account, deadline);
}

std::vector<core::Result<core::ContractInfo>> TwsBroker::contract_details(
    std::span<const core::Symbol> symbols, core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return all_failed<core::ContractInfo>(symbols.size(), session.error());
  // Only the symbols this connection has not resolved today are asked for.
  const auto now = std::chrono::system_clock::now();
  std::vector<core::Result<core::ContractInfo>> results(
      symbols.size(), core::Result<core::ContractInfo>(core::internal_error("not resolved")));
  std::vector<core::Symbol> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (auto hit = contracts_.find(*session, symbols[i], now)) {
      results[i] = std::move(*hit);
    } else {
      missing.push_back(symbols[i]);
      missing_at.push_back(i);
    }
  }
  if (missing.empty()) return results;
  auto fetched = fetch_contract_details(**session, missing, deadline);
  for (std::size_t j = 0; j < fetched.size() && j < missing_at.size(); ++j) {
    if (fetched[j].ok()) contracts_.store(*session, fetched[j].value(), now);
    results[missing_at[j]] = std::move(fetched[j]);
  }
  return results;
}

std::vector<core::Result<core::Quote>> TwsBroker::prices(
    std::span<const core::ContractInfo> contracts, core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return all_failed<core::Quote>(contracts.size(), session.error());
  if (!config_.quote_streams) return fetch_prices(**session, config_, contracts, deadline);
  // Streams answer what they can; the rest walks the snapshot kinds as before.
  auto streamed =
      streams_.quotes(*session, contracts, config_.quote_stream_start_timeout, deadline);
  std::vector<core::Result<core::Quote>> results(
      contracts.size(), core::Result<core::Quote>(core::internal_error("no quote")));
  std::vector<core::ContractInfo> rest;
  std::vector<std::size_t> rest_at;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    if (streamed[i]) {
      results[i] = std::move(*streamed[i]);
    } else {
      rest.push_back(contracts[i]);
      rest_at.push_back(i);
    }
  }
  if (rest.empty()) return results;
  auto fetched = fetch_prices(**session, config_, rest, deadline);
  for (std::size_t j = 0; j < fetched.size() && j < rest_at.size(); ++j) {
    results[rest_at[j]] = std::move(fetched[j]);
  }
  return results;
}

std::vector<core::Result<core::WhatIfResult>> TwsBroker::what_if(
    std::span<const core::OrderRequest> orders, core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return all_failed<core::WhatIfResult>(orders.size(), session.error());
  return run_what_if(**session, orders, deadline);
}

std::vector<core::OrderOutcome> TwsBroker::place_orders(std::span<const core::OrderRequest> orders,
                                                        core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) {
    // Nothing was sent: refused here, so the event is retried later without reconciliation.
    std::vector<core::OrderOutcome> outcomes;
    for (const auto& request : orders) {
      core::OrderOutcome outcome;
      outcome.request = request;
      outcome.state = core::OrderState::kRejected;
      outcome.error = "not sent: " + session.error().message;
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  }
  return run_orders(**session, config_, orders, deadline, &waits_);
}

core::Result<std::size_t> TwsBroker::cancel_open_orders(const std::string& account,
                                                        core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return cancel_account_orders(**session, account, deadline);
}

core::Result<std::size_t> TwsBroker::cancel_orders(const std::string& account,
                                                   std::span<const std::int64_t> order_ids,
                                                   core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return cancel_account_orders(**session, account, deadline, order_ids);
}

core::Result<std::vector<core::OpenOrder>> TwsBroker::open_orders(core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return fetch_open_orders(**session, deadline);
}

core::Result<void> TwsBroker::await_orders_done(const std::string& account,
                                                std::span<const std::string> order_refs,
                                                core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return tws_client::await_orders_done(**session, account, order_refs, deadline,
                                       config_.working_order_look_interval, &waits_);
}

core::Result<std::vector<core::Execution>> TwsBroker::executions_today(const std::string& account,
                                                                       core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return session.error();
  return fetch_executions(**session, config_, account, deadline);
}

core::BrokerStatus TwsBroker::status() const {
  auto status = connection_.status();
  status.waiting = waits_.current();
  return status;
}

}  // namespace ep::tws_client
