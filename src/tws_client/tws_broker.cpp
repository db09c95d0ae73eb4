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

TwsBroker::TwsBroker(ClientConfig config) : config_(config), connection_(std::move(config)) {}

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
  return fetch_contract_details(**session, symbols, deadline);
}

std::vector<core::Result<core::Quote>> TwsBroker::prices(
    std::span<const core::ContractInfo> contracts, core::Deadline deadline) {
  auto session = connection_.session(deadline);
  if (!session) return all_failed<core::Quote>(contracts.size(), session.error());
  return fetch_prices(**session, config_, contracts, deadline);
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
