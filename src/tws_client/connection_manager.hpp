// Keeps one gateway connection alive: opens a Session with one client id for the life of the
// process (the configured one, else random; error 326 retries the same id with backoff), sends a
// heartbeat (reqCurrentTime) every interval and treats missed answers, a closed socket or error
// 1100 as a loss; then reconnects with capped exponential backoff and jitter. Broker calls get the
// live session through session(deadline), which waits for a connection until their deadline.
// status() feeds the health endpoint. Thread-safe; owns one supervisor thread between start() and
// stop().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/backoff.hpp"
#include "core/broker.hpp"
#include "core/result.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/session.hpp"

namespace ep::tws_client {

class ConnectionManager {
 public:
  explicit ConnectionManager(ClientConfig config);
  ~ConnectionManager();
  ConnectionManager(const ConnectionManager&) = delete;
  ConnectionManager& operator=(const ConnectionManager&) = delete;

  void start();  // begins connecting in the background; idempotent
  void stop();   // closes the connection and joins the supervisor; idempotent

  // The connected session, waiting for one until the deadline (then kUnavailable with the
  // last connection error).
  core::Result<std::shared_ptr<Session>> session(Deadline deadline);

  core::BrokerStatus status() const;
  int client_id() const;

 private:
  void run();
  // Returns when the session is lost or stop() was called.
  void supervise(const std::shared_ptr<Session>& session, std::uint64_t generation);
  SessionEvents events_for(std::uint64_t generation);
  void mark_down(const std::string& reason);  // requires mu_

  const ClientConfig config_;
  core::Backoff reconnect_backoff_;  // used by the supervisor thread only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;
  bool stopping_ = false;
  std::thread supervisor_;

  std::shared_ptr<Session> current_;
  std::uint64_t generation_ = 0;  // of current_; events from older sessions are ignored
  bool session_lost_ = false;
  bool gateway_link_down_ = false;  // 1100 received, 1101/1102 not yet
  int client_id_ = 0;               // fixed at construction

  core::BrokerStatus::State state_ = core::BrokerStatus::State::kConnecting;
  std::optional<core::Timestamp> down_since_;
  std::string last_error_;
  std::int64_t reconnects_ = 0;
  std::int64_t pacing_waits_closed_ = 0;  // of sessions already gone
  std::vector<std::string> accounts_;
};

}  // namespace ep::tws_client
