#include "tws_client/connection_manager.hpp"

#include "logging/log.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/random_client_id.hpp"

namespace ep::tws_client {

using State = core::BrokerStatus::State;

ConnectionManager::ConnectionManager(ClientConfig config)
    : config_(std::move(config)),
      reconnect_backoff_(config_.reconnect_initial, config_.reconnect_max) {
  std::mt19937_64 rng(std::random_device{}());
  client_id_ = config_.client_id ? *config_.client_id : random_client_id(rng);
}

ConnectionManager::~ConnectionManager() {
  stop();
}

void ConnectionManager::start() {
  std::lock_guard lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  supervisor_ = std::thread([this] { run(); });
}

void ConnectionManager::stop() {
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    session = current_;
  }
  cv_.notify_all();
  if (session) session->close("client stopping");
  if (supervisor_.joinable()) supervisor_.join();
}

int ConnectionManager::client_id() const {
  std::lock_guard lock(mu_);
  return client_id_;
}

core::Result<std::shared_ptr<Session>> ConnectionManager::session(Deadline deadline) {
  start();
  std::unique_lock lock(mu_);
  const bool ready = cv_.wait_until(lock, deadline, [&] {
    return stopping_ || (current_ && !session_lost_ && !gateway_link_down_);
  });
  if (stopping_) return core::unavailable("TWS client stopped");
  if (!ready) {
    return core::unavailable("IB Gateway not connected" +
                             (last_error_.empty() ? std::string() : ": " + last_error_));
  }
  return current_;
}

core::BrokerStatus ConnectionManager::status() const {
  std::lock_guard lock(mu_);
  core::BrokerStatus status;
  status.state = state_;
  status.down_since = down_since_;
  status.last_error = last_error_;
  status.reconnects = reconnects_;
  status.pacing_waits = pacing_waits_closed_ + (current_ ? current_->pacing_waits() : 0);
  status.managed_accounts = accounts_;
  return status;
}

void ConnectionManager::mark_down(const std::string& reason) {
  state_ = State::kDown;
  if (!down_since_) down_since_ = std::chrono::system_clock::now();
  last_error_ = reason;
}

SessionEvents ConnectionManager::events_for(std::uint64_t generation) {
  SessionEvents events;
  events.on_closed = [this, generation](const std::string& reason) {
    {
      std::lock_guard lock(mu_);
      if (generation != generation_) return;
      session_lost_ = true;
      mark_down("connection lost: " + reason);
    }
    cv_.notify_all();
  };
  events.on_connectivity = [this, generation](int code, const std::string& text) {
    {
      std::lock_guard lock(mu_);
      if (generation != generation_) return;
      if (code == kConnectivityLost) {
        gateway_link_down_ = true;
        mark_down("IB Gateway lost its connection to IB (1100): " + text);
      } else if (code == kConnectivityRestoredDataLost || code == kConnectivityRestoredDataKept) {
        gateway_link_down_ = false;
        state_ = State::kConnected;
        down_since_.reset();
        if (code == kConnectivityRestoredDataLost) {
          // Prices are snapshots, failed at 1100 and asked again by their next call, so
          // there is no streaming subscription to renew.
          log::info("gateway data lost (1101): no market data subscription to renew");
        }
      }
    }
    cv_.notify_all();
  };
  return events;
}

void ConnectionManager::run() {
  bool ever_connected = false;
  for (;;) {
    int id = 0;
    std::uint64_t generation = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      // "Connecting" until the first outcome; after a failure or a loss the state stays
      // "down" (with down_since) through the reconnect attempts.
      if (state_ != State::kDown) state_ = State::kConnecting;
      id = client_id_;
      generation = ++generation_;
    }
    auto opened =
        Session::open(config_, id, std::chrono::steady_clock::now() + config_.connect_timeout,
                      events_for(generation));
    if (auto* failed = std::get_if<ConnectFailure>(&opened)) {
      // Error 326: the same id again after the backoff, never another one. Only the client id
      // that placed an order can cancel it, so switching ids would strand our working orders;
      // the holder is usually our own previous process, whose socket the gateway drops within
      // seconds (README "Troubleshooting").
      const std::string reason =
          failed->client_id_in_use
              ? "client id " + std::to_string(id) +
                    " in use at the gateway (error 326): another connection holds it"
              : failed->error.message;
      if (failed->client_id_in_use) {
        log::error("IB Gateway says client id " + std::to_string(id) +
                       " is in use (error 326); retrying the same id",
                   {{"client_id", id}, {"attempt", reconnect_backoff_.failures() + 1}});
      } else {
        log::warn("IB Gateway connection failed", {{"client_id", id}, {"error", reason}});
      }
      std::unique_lock lock(mu_);
      // The failed session may still report its close: that must not overwrite the reason.
      ++generation_;
      mark_down(reason);
      // Backoff wait before the next attempt (ends early only on stop).
      cv_.wait_for(lock, reconnect_backoff_.next_delay(), [&] { return stopping_; });
      continue;
    }
    auto session = std::get<std::shared_ptr<Session>>(std::move(opened));
    {
      std::unique_lock lock(mu_);
      if (stopping_) {
        lock.unlock();
        session->shut_down("client stopping");
        return;
      }
      current_ = session;
      session_lost_ = false;
      gateway_link_down_ = false;
      state_ = State::kConnected;
      down_since_.reset();
      accounts_ = session->managed_accounts();
      if (ever_connected) ++reconnects_;
      ever_connected = true;
      reconnect_backoff_.reset();
    }
    cv_.notify_all();
    supervise(session, generation);
    {
      std::lock_guard lock(mu_);
      pacing_waits_closed_ += session->pacing_waits();
      current_.reset();
      if (!stopping_ && state_ != State::kDown) mark_down(last_error_);
    }
    session->shut_down("reconnecting");  // outside mu_: its reader may be reporting to us
    session.reset();
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, reconnect_backoff_.next_delay(), [&] { return stopping_; });
  }
}

void ConnectionManager::supervise(const std::shared_ptr<Session>& session,
                                  std::uint64_t generation) {
  auto next_beat = std::chrono::steady_clock::now() + config_.heartbeat_interval;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_until(lock, next_beat, [&] { return stopping_ || session_lost_; });
    if (stopping_ || session_lost_ || generation != generation_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_beat) continue;
    next_beat = now + config_.heartbeat_interval;
    if (session->unanswered_heartbeats() >= config_.heartbeat_max_missed) {
      const std::string reason =
          "no answer to " + std::to_string(session->unanswered_heartbeats()) + " heartbeats";
      log::warn("IB Gateway connection presumed dead", {{"reason", reason}});
      mark_down("connection lost: " + reason);
      lock.unlock();
      session->close(reason);
      return;
    }
    lock.unlock();
    static_cast<void>(session->send_heartbeat(next_beat));  // a failed send closes the session
    lock.lock();
  }
}

}  // namespace ep::tws_client
