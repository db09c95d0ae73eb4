// One live connection to IB Gateway: the handshake (v176..178, startApi, then nextValidId and
// managedAccounts), one reader thread that decodes every message and hands it to the request
// registry, and paced sending. A Session never reconnects: when its socket dies it closes its
// registry (every waiting call learns it) and reports to its owner, which opens a new one.
// Thread-safe: Broker calls send and register from their own threads while the reader runs;
// the SessionEvents callbacks run on the reader thread and must not block.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "net/tcp_stream.hpp"
#include "tws/frame.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/deadline_mutex.hpp"
#include "tws_client/pacer.hpp"
#include "tws_client/request_registry.hpp"

namespace ep::tws_client {

using Deadline = std::chrono::steady_clock::time_point;

// Reader-thread notifications for the connection supervisor.
struct SessionEvents {
  std::function<void(const std::string& reason)> on_closed;
  std::function<void(int code, const std::string& text)> on_connectivity;  // 1100/1101/1102
  std::function<void()> on_heartbeat_answer;                               // currentTime
};

struct ConnectFailure {
  core::Error error;
  bool client_id_in_use = false;  // error 326: retry with another id
};

class Session {
 public:
  using OpenResult = std::variant<std::shared_ptr<Session>, ConnectFailure>;

  // Connects, negotiates and waits for nextValidId + managedAccounts until the deadline.
  static OpenResult open(const ClientConfig& config, int client_id, Deadline deadline,
                         SessionEvents events);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int server_version() const { return server_version_; }
  int client_id() const { return client_id_; }
  std::vector<std::string> managed_accounts() const;

  // Request ids and order ids share one counter that starts at nextValidId, so an error's id
  // always names exactly one request or order.
  std::int64_t next_id();
  int next_request_id() { return static_cast<int>(next_id()); }

  RequestRegistry& registry() { return registry_; }

  // Encodes, waits for a pacing token, writes. Errors: kUnavailable when nothing left this
  // process; kUnknownOutcome when part of the message may have reached the gateway.
  template <class Message>
  core::Result<void> send(const Message& message, Deadline deadline) {
    return send_fields(tws::encode(message, server_version_), deadline);
  }
  core::Result<void> send_fields(const tws::Fields& fields, Deadline deadline);

  // reqMarketDataType is a per-connection preference that applies to later reqMktData, so the
  // pair goes out together and the type is only re-sent when it changes.
  core::Result<void> send_market_data(int market_data_type, const tws::ReqMktData& request,
                                      Deadline deadline);

  // Serialises calls that use one of the id-less singleton requests.
  DeadlineMutex& singleton_mutex(Singleton kind);

  bool closed() const { return closed_.load(); }
  // Closes the socket; the reader thread then ends and reports on_closed. Any thread.
  void close(const std::string& reason);
  // close() and wait for the reader thread (never call from the reader thread).
  void shut_down(const std::string& reason);

  // Heartbeats sent since the last currentTime answer.
  int unanswered_heartbeats() const { return unanswered_heartbeats_.load(); }
  core::Result<void> send_heartbeat(Deadline deadline);

  std::int64_t pacing_waits() const { return pacer_.waits(); }

  // How often market data may have stopped on this connection (1100, 1101, 2103): a streamed
  // quote is trusted only while this count is what it was when its stream started.
  std::uint64_t market_data_breaks() const { return market_data_breaks_.load(); }

 private:
  Session(const ClientConfig& config, net::TcpStream stream, int server_version, int client_id,
          SessionEvents events);
  void start_reader(tws::FrameDecoder decoder);
  void read_loop(tws::FrameDecoder decoder);
  void handle(tws::Incoming message);
  void handle_system_error(const tws::ErrorMessage& error);
  // Waits until nextValidId and managedAccounts arrived, or the session failed.
  std::optional<ConnectFailure> wait_ready(Deadline deadline);

  net::TcpStream stream_;
  const int server_version_;
  const int client_id_;
  SessionEvents events_;
  Pacer pacer_;
  RequestRegistry registry_;
  std::thread reader_;

  DeadlineMutex write_mu_;
  DeadlineMutex market_data_mu_;
  int market_data_type_ = 0;  // 0 = never sent on this connection
  DeadlineMutex singleton_mu_[3];

  mutable std::mutex state_mu_;
  std::condition_variable state_cv_;
  std::optional<std::int64_t> next_valid_id_;
  std::vector<std::string> accounts_;
  bool client_id_in_use_ = false;
  std::string close_reason_;

  std::atomic<std::int64_t> id_counter_{0};
  std::atomic<bool> closed_{false};
  std::atomic<bool> reader_done_{false};
  std::atomic<int> unanswered_heartbeats_{0};
  std::atomic<std::uint64_t> market_data_breaks_{0};
};

}  // namespace ep::tws_client
