#include "sim/hub.hpp"

#include <type_traits>

#include "logging/log.hpp"
#include "sim/messages.hpp"

namespace ep::sim {
namespace {

constexpr const char* kLost = "Connectivity between IB and Trader Workstation has been lost.";
constexpr const char* kRestoredLost =
    "Connectivity between IB and Trader Workstation has been restored - data lost.";
constexpr const char* kRestoredKept =
    "Connectivity between IB and Trader Workstation has been restored - data maintained.";

}  // namespace

Hub::Hub(asio::io_context& io, Scenario scenario, std::string scenario_path,
         std::string ledger_override)
    : io_(io),
      initial_scenario_(scenario),
      scenario_path_(std::move(scenario_path)),
      ledger_override_(std::move(ledger_override)),
      broker_(scenario),
      faults_(scenario.faults) {
  if (faults_.refuse_connections_ms) {
    refuse_until_ = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds{*faults_.refuse_connections_ms};
    faults_.refuse_connections_ms.reset();
  }
  faults_.connectivity_lost_ms.reset();  // only meaningful with clients connected
}

core::Result<void> Hub::open_ledger() {
  return ledger_.open(ledger_override_.empty() ? initial_scenario_.ledger_path : ledger_override_);
}

bool Hub::refusing_connections() const {
  return std::chrono::steady_clock::now() < refuse_until_;
}

void Hub::add_session(SessionPtr session) {
  sessions_[session->id()] = session;
  session->start();
}

void Hub::on_closed(Session& session) {
  sessions_.erase(session.id());
}

std::vector<Hub::SessionPtr> Hub::live_sessions() const {
  std::vector<SessionPtr> out;
  for (const auto& [id, session] : sessions_) {
    if (session->is_open() && session->api_started()) out.push_back(session);
  }
  return out;
}

Session* Hub::owner(int client_id) const {
  for (const auto& [id, session] : sessions_) {
    if (session->is_open() && session->api_started() && session->client_id() == client_id)
      return session.get();
  }
  return nullptr;
}

void Hub::schedule(int delay_ms, std::function<void()> fn) {
  if (delay_ms <= 0) {
    asio::post(io_, std::move(fn));
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds{delay_ms});
  timer->async_wait([timer, fn = std::move(fn)](asio::error_code ec) {
    if (!ec) fn();
  });
}

void Hub::on_request(Session& s, const tws::Request& request) {
  ++messages_received_[s.client_id()];
  auto& by_type = messages_received_by_type_[s.client_id()];
  const auto name = request_name(request);
  if (auto it = by_type.find(name); it != by_type.end()) {
    ++it->second;
  } else {
    by_type.emplace(std::string(name), 1);
  }
  const int delay_ms = broker_.scenario().latency.response_delay_ms;
  // Every answer waits for the response delay; the session keeps answers in request order.
  s.post_in_order(delay_ms, [this, self = s.shared_from_this(), request] {
    if (self->is_open()) dispatch(*self, request);
  });
}

void Hub::dispatch(Session& s, const tws::Request& request) {
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, tws::StartApi>) {
          start_api(s, m);
        } else if constexpr (std::is_same_v<T, tws::CancelAccountSummary> ||
                             std::is_same_v<T, tws::CancelHistoricalData> ||
                             std::is_same_v<T, tws::CancelAccountUpdatesMulti>) {
          // Nothing to answer: ibsim keeps no running summary, history or multi subscription.
        } else {
          if (!s.api_started()) return;  // IB drops requests sent before startApi
          handle(s, m);
        }
      },
      request);
}

void Hub::start_api(Session& s, const tws::StartApi& m) {
  if (s.api_started()) return;
  if (owner(m.client_id) != nullptr) {
    s.send_error(
        -1, 326,
        "Unable to connect as the client id is already in use. Retry with a unique client id.");
    s.close_after_flush("client id " + std::to_string(m.client_id) + " already in use");
    return;
  }
  s.set_client_id(m.client_id);
  if (faults_.close_after_messages) {
    s.set_message_budget(*faults_.close_after_messages);
    faults_.close_after_messages.reset();
  }
  log::info(
      "ibsim: client connected",
      {{"session", s.id()}, {"client_id", m.client_id}, {"server_version", s.server_version()}});
  s.send(tws::ManagedAccounts{account_ids()});
  s.send(tws::NextValidId{broker_.next_order_id(m.client_id)});
  s.send_error(-1, 2104, "Market data farm connection is OK:usfarm");
  s.send_error(-1, 2106, "HMDS data farm connection is OK:ushmds");
  s.send_error(-1, 2158, "Sec-def data farm connection is OK:secdefnj");
}

std::vector<std::string> Hub::account_ids() const {
  std::vector<std::string> ids;
  for (const auto& account : broker_.accounts()) ids.push_back(account.id);
  return ids;
}

void Hub::reached_step(const std::string& step, int client_id) {
  if (!faults_.close_at_step || !step_matches(*faults_.close_at_step, step)) return;
  faults_.close_at_step.reset();
  if (Session* session = owner(client_id))
    session->close_after_flush("fault: close_at_step " + step);
}

void Hub::close_all(const std::string& reason) {
  for (const auto& [id, session] : std::map<std::uint64_t, SessionPtr>(sessions_))
    session->close(reason);
}

nlohmann::json Hub::state() const {
  nlohmann::json out = state_json(broker_);
  nlohmann::json clients = nlohmann::json::array();
  for (const auto& session : live_sessions()) clients.push_back(session->client_id());
  out["clients"] = clients;
  nlohmann::json received = nlohmann::json::object();
  for (const auto& [client_id, count] : messages_received_)
    received[std::to_string(client_id)] = count;
  out["messages_received"] = received;
  nlohmann::json by_type = nlohmann::json::object();
  for (const auto& [client_id, counts] : messages_received_by_type_) {
    auto& row = by_type[std::to_string(client_id)] = nlohmann::json::object();
    for (const auto& [name, count] : counts) row[name] = count;
  }
  out["messages_received_by_type"] = by_type;
  out["pacing_errors_sent"] = pacing_errors_sent_;
  out["faults"] = to_json(faults_);
  return out;
}

nlohmann::json Hub::ledger_json() const {
  return {{"path", ledger_.path()}, {"lines", ledger_.lines()}};
}

core::Result<nlohmann::json> Hub::apply_faults(const nlohmann::json& json) {
  auto plan = merge_faults(faults_, json);
  if (!plan) return plan.error();
  faults_ = *plan;
  log::info("ibsim: faults set", {{"faults", to_json(faults_)}});
  if (faults_.refuse_connections_ms) {
    refuse_until_ = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds{*faults_.refuse_connections_ms};
    faults_.refuse_connections_ms.reset();
    close_all("fault: gateway restart");
  }
  if (faults_.connectivity_lost_ms) {
    const int lost_ms = *faults_.connectivity_lost_ms;
    const int code = faults_.connectivity_restore_code;
    faults_.connectivity_lost_ms.reset();
    for (const auto& session : live_sessions()) session->send_error(-1, 1100, kLost);
    schedule(lost_ms, [this, code] {
      for (const auto& session : live_sessions())
        session->send_error(-1, code, code == 1101 ? kRestoredLost : kRestoredKept);
    });
  }
  return to_json(faults_);
}

core::Result<void> Hub::reset() {
  Scenario scenario = initial_scenario_;
  if (!scenario_path_.empty()) {
    // Reloading re-resolves relative hours ("now+5s") against the reset time.
    auto reloaded = load_scenario_file(scenario_path_, now());
    if (!reloaded) return reloaded.error();
    scenario = *reloaded;
  }
  broker_.reset(scenario);
  faults_ = scenario.faults;
  faults_.refuse_connections_ms.reset();
  faults_.connectivity_lost_ms.reset();
  ++generation_;
  ledger_.record_reset();
  for (const auto& account : account_ids()) push_account(account, "");
  return core::success();
}

core::Result<void> Hub::move_prices(const nlohmann::json& json) {
  if (!json.is_object() || json.empty())
    return core::invalid_input("prices must be an object like {\"SPY\": 501.5}");
  struct Move {
    std::string symbol;
    double price;
    std::optional<double> bid, ask, close;
  };
  std::vector<Move> moves;
  for (const auto& item : json.items()) {
    // Named copies, not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& symbol = item.key();
    const nlohmann::json& value = item.value();
    if (broker_.symbol(symbol) == nullptr)
      return core::invalid_input("unknown symbol '" + symbol + "'");
    Move move{symbol, 0, std::nullopt, std::nullopt, std::nullopt};
    auto number = [&](const nlohmann::json& v,
                      const char* key) -> core::Result<std::optional<double>> {
      if (!v.contains(key)) return std::optional<double>{};
      if (!v[key].is_number() || v[key].get<double>() <= 0) {
        return core::invalid_input(symbol + "." + key + " must be a positive number");
      }
      return std::optional<double>{v[key].get<double>()};
    };
    if (value.is_number()) {
      move.price = value.get<double>();
    } else if (value.is_object()) {
      auto price = number(value, "price");
      auto bid = number(value, "bid");
      auto ask = number(value, "ask");
      auto close = number(value, "close");
      if (!price) return price.error();
      if (!bid) return bid.error();
      if (!ask) return ask.error();
      if (!close) return close.error();
      if (!*price) return core::invalid_input(symbol + ".price is required");
      move = Move{symbol, **price, *bid, *ask, *close};
    } else {
      return core::invalid_input(symbol + " must be a price or {price, bid, ask, close}");
    }
    if (move.price <= 0) return core::invalid_input(symbol + " price must be positive");
    moves.push_back(move);
  }
  for (const auto& move : moves) {
    broker_.set_prices(move.symbol, move.price, move.bid, move.ask, move.close);
    push_prices(move.symbol);
  }
  retry_resting_orders();
  return core::success();
}

}  // namespace ep::sim
