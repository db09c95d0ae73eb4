#include "sim/hub.hpp"

#include <chrono>
#include <type_traits>

#include "logging/log.hpp"
#include "sim/messages.hpp"

namespace ep::sim {
namespace {

// A part answers a request when it has handle(Session&, const Request&) for it.
template <class Part, class Request>
concept Answers = requires(Part& part, Session& s, const Request& request) {
  part.handle(s, request);
};

template <class Request>
constexpr bool kIgnored = std::is_same_v<Request, tws::CancelAccountSummary> ||
                          std::is_same_v<Request, tws::CancelHistoricalData> ||
                          std::is_same_v<Request, tws::CancelAccountUpdatesMulti>;

}  // namespace

Hub::Hub(asio::io_context& io, Scenario scenario, std::string scenario_path,
         const std::string& ledger_override)
    : scheduler_(io),
      ledger_file_(ledger_override.empty() ? scenario.ledger_path : ledger_override),
      broker_(scenario),
      faults_(scenario.faults),
      accounts_(broker_, clients_, scheduler_),
      market_data_(broker_, clients_, scheduler_, faults_),
      order_queries_(broker_),
      orders_(broker_, ledger_, clients_, faults_, scheduler_, market_data_, accounts_),
      control_(std::move(scenario), std::move(scenario_path), broker_, ledger_, faults_, clients_,
               counters_, accounts_, market_data_, orders_, scheduler_) {}

void Hub::add_session(std::shared_ptr<Session> session) {
  clients_.add(session);
  session->start();
}

void Hub::on_closed(Session& session) {
  clients_.remove(session);
  accounts_.forget(session);
  market_data_.forget(session);
}

void Hub::on_request(Session& s, const tws::Request& request) {
  counters_.count_request(s.client_id(), request_name(request));
  const int delay_ms = broker_.scenario().latency.response_delay_ms;
  // Every answer waits for the response delay; the session keeps answers in request order.
  s.post_in_order(delay_ms, [this, self = s.shared_from_this(), request] {
    if (self->is_open()) dispatch(*self, request);
  });
}

template <class Request>
void Hub::answer(Session& s, const Request& m) {
  constexpr int kAnswering = Answers<AccountSubscriptions, Request> +
                             Answers<MarketDataSubscriptions, Request> +
                             Answers<OrderLifecycle, Request> + Answers<OrderQueries, Request>;
  if constexpr (std::is_same_v<Request, tws::ReqCurrentTime>) {
    const auto since_epoch = scheduler_.now().time_since_epoch();
    s.send(tws::CurrentTime{std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()});
  } else {
    static_assert(kAnswering == 1, "exactly one part answers each request");
    if constexpr (Answers<AccountSubscriptions, Request>) {
      accounts_.handle(s, m);
    } else if constexpr (Answers<MarketDataSubscriptions, Request>) {
      market_data_.handle(s, m);
    } else if constexpr (Answers<OrderLifecycle, Request>) {
      orders_.handle(s, m);
    } else {
      order_queries_.handle(s, m);
    }
  }
}

void Hub::dispatch(Session& s, const tws::Request& request) {
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, tws::StartApi>) {
          start_api(s, m);
        } else if constexpr (kIgnored<T>) {
          // Nothing to answer: ibsim keeps no running summary, history or multi subscription.
        } else {
          if (!s.api_started()) return;  // IB drops requests sent before startApi
          answer(s, m);
        }
      },
      request);
}

void Hub::start_api(Session& s, const tws::StartApi& m) {
  if (s.api_started()) return;
  if (clients_.holder(m.client_id) != nullptr) {
    s.send_error(
        -1, 326,
        "Unable to connect as the client id is already in use. Retry with a unique client id.");
    s.close_after_flush("client id " + std::to_string(m.client_id) + " already in use");
    return;
  }
  s.set_client_id(m.client_id);
  if (auto budget = faults_.take_message_budget()) s.set_message_budget(*budget);
  log::info(
      "ibsim: client connected",
      {{"session", s.id()}, {"client_id", m.client_id}, {"server_version", s.server_version()}});
  s.send(tws::ManagedAccounts{accounts_.account_ids()});
  s.send(tws::NextValidId{broker_.next_order_id(m.client_id)});
  s.send_error(-1, 2104, "Market data farm connection is OK:usfarm");
  s.send_error(-1, 2106, "HMDS data farm connection is OK:ushmds");
  s.send_error(-1, 2158, "Sec-def data farm connection is OK:secdefnj");
}

}  // namespace ep::sim
