// One TWS client connection of ibsim: the handshake (version range -> min(client max, 178),
// closing when the ranges do not meet), framing, request decoding, pacing and an ordered queue
// of delayed responses. What a request means, and which subscriptions a connection holds, is
// the business of the Hub's parts (keyed by id()). Lives on the server's I/O thread only
// (Asio strand-free: one thread).
#pragma once

#include <asio.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/faults.hpp"
#include "tws/frame.hpp"
#include "tws/handshake.hpp"
#include "tws/messages_in.hpp"

namespace ep::sim {

class Hub;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::ip::tcp::socket socket, Hub& hub, std::uint64_t id);

  void start();

  // Encodes at the negotiated version and queues the frame; counts against a message budget
  // (fault close_after_messages) and closes once the budget is spent.
  void send(const tws::Incoming& message);
  void send_error(std::int64_t id, int code, std::string text);
  // Runs `fn` after `delay_ms`, never before anything queued earlier (answers keep their order).
  void post_in_order(int delay_ms, std::function<void()> fn);
  // Closes now (queued bytes are dropped) or once the queued bytes are written.
  void close(std::string_view reason);
  void close_after_flush(std::string_view reason);

  bool is_open() const { return open_; }
  std::uint64_t id() const { return id_; }
  bool api_started() const { return client_id_.has_value(); }
  int client_id() const { return client_id_.value_or(-1); }
  void set_client_id(int client_id) { client_id_ = client_id; }
  int server_version() const { return server_version_; }
  void set_message_budget(int messages) { message_budget_ = messages; }

 private:
  void read();
  void on_bytes(std::string_view bytes);
  void on_frame(const tws::Fields& fields);
  void write_next();
  void run_due();
  void arm_timer();

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  Hub& hub_;
  std::uint64_t id_;
  bool open_ = true;
  bool closing_after_flush_ = false;
  bool writing_ = false;
  std::array<char, 16384> read_buffer_{};
  tws::ClientHelloDecoder hello_;
  bool hello_done_ = false;
  tws::FrameDecoder frames_;
  int server_version_ = 0;
  std::optional<int> client_id_;
  std::optional<int> message_budget_;
  std::deque<std::string> outbox_;
  struct Delayed {
    std::chrono::steady_clock::time_point due;
    std::function<void()> fn;
  };
  std::deque<Delayed> delayed_;
  PacingMeter pacing_;
};

}  // namespace ep::sim
