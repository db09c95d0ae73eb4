// A scripted TWS server for the client's tests (not ibsim): listens on 127.0.0.1, speaks the
// server side of the handshake with the codec, answers startApi (managedAccounts, nextValidId,
// a farm notice) and reqCurrentTime by itself, records every request with its arrival time,
// and hands every other request to the test's script, which replies through the Peer. One
// client connection at a time; after it closes the server accepts the next one. The server
// thread runs the script; tests may also push messages or close the connection from their
// own thread. Test-only code.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "net/tcp_listener.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws_client::testing {

// The client side of one accepted connection, as the script sees it.
class Peer {
 public:
  Peer(net::TcpStream stream, int server_version);
  void send(const tws::Incoming& message);
  // A system error/notice (id -1) or one about a request/order id.
  void send_error(std::int64_t id, int code, const std::string& text);
  void close();
  int server_version() const { return server_version_; }
  // The client id of the connection's startApi (0 before it).
  int client_id() const { return client_id_.load(); }
  void set_client_id(int id) { client_id_ = id; }
  net::TcpStream& stream() { return stream_; }  // the server thread reads through this

 private:
  std::mutex mu_;
  net::TcpStream stream_;
  int server_version_;
  std::atomic<int> client_id_{0};
};

// The account the server manages unless Options say otherwise.
inline const std::string kAccount = "DU111111";

struct ReceivedRequest {
  std::chrono::steady_clock::time_point at;
  int connection = 0;  // 1 for the first accepted connection, 2 for the next, ...
  tws::Request request;
};

class ScriptedTwsServer {
 public:
  struct Options {
    std::optional<int> reply_version;  // answer this version instead of negotiating
    std::vector<std::string> accounts = {kAccount};
    std::int64_t next_valid_id = 100;
    bool answer_start_api = true;
    bool answer_heartbeats = true;
    std::set<int> client_ids_in_use;  // startApi with one of these: error 326, then close
  };
  using Script = std::function<void(Peer& peer, const tws::Request& request)>;

  explicit ScriptedTwsServer(Options options);
  ScriptedTwsServer() : ScriptedTwsServer(Options{}) {}
  ~ScriptedTwsServer();

  std::uint16_t port() const { return port_; }
  void set_script(Script script);
  void set_answer_heartbeats(bool answer);
  // Replaces Options::client_ids_in_use (e.g. the old holder of an id went away).
  void set_client_ids_in_use(std::set<int> ids);

  std::vector<ReceivedRequest> received() const;
  // Waits until the recorded requests satisfy the predicate (true) or the timeout (false).
  bool wait_until(const std::function<bool(const std::vector<ReceivedRequest>&)>& ready,
                  std::chrono::milliseconds timeout) const;
  int connections() const;
  std::vector<int> start_api_client_ids() const;

  // The connected client (null between connections); for unsolicited messages.
  std::shared_ptr<Peer> peer() const;
  void drop_connection();

 private:
  void run();
  void serve(net::TcpStream stream, int connection);
  void handle(Peer& peer, int connection, const tws::Request& request);

  Options options_;
  net::TcpListener listener_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  Script script_;
  std::vector<ReceivedRequest> received_;
  std::vector<int> client_ids_;
  std::shared_ptr<Peer> peer_;
  int connections_ = 0;
};

// The requests of one type among those received, in arrival order (connection 0: on every
// connection; else only on that one).
template <class T>
std::vector<T> requests_of(const std::vector<ReceivedRequest>& received, int connection = 0) {
  std::vector<T> out;
  for (const auto& r : received) {
    if (connection != 0 && r.connection != connection) continue;
    if (const auto* m = std::get_if<T>(&r.request)) out.push_back(*m);
  }
  return out;
}

// Encodings a script needs often.
tws::Incoming tick_price(int req_id, int tick_type, double price);
// Answers a reqContractDetails with its one match (the asked contract with `con_id`, listed on
// ARCA, US/Eastern hours, `min_tick` as the gateway reports it) and the End.
void answer_contract_details(Peer& peer, const tws::ReqContractDetails& request,
                             std::int64_t con_id, double min_tick = 0.0);
// An order of 10 shares to BUY with order ref "ref<id>" and perm id 9000 + id.
tws::OpenOrder open_order(std::int64_t id, const std::string& symbol, const std::string& account,
                          const std::string& status, int client_id);

}  // namespace ep::tws_client::testing
