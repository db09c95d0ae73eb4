// Test-only TWS client for ibsim's protocol tests: a blocking loopback socket with deadlines
// (poll), our tws codec for framing and messages. Deliberately not tws_client: ibsim's tests
// must not depend on it. One thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tws/frame.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim::testing {

class TestClient {
 public:
  explicit TestClient(int port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends the hello and reads the 2-field reply: the negotiated version, or -1 if the server
  // closed the connection instead.
  int handshake(int min_version = 176, int max_version = 178);
  // handshake + startApi.
  int start(int client_id);
  void send(const tws::Request& request);
  // The next message, nullopt at the deadline or when the server closed the connection.
  std::optional<tws::Incoming> next(std::chrono::milliseconds timeout = std::chrono::seconds{5});
  // The first message of type T at index >= since that satisfies pred, reading more until the
  // deadline (everything read is kept in `received`).
  template <class T>
  std::optional<T> wait_for(
      std::function<bool(const T&)> pred = [](const T&) { return true; }, std::size_t since = 0,
      std::chrono::milliseconds timeout = std::chrono::seconds{5}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (std::size_t i = since;; ++i) {
      while (i >= received.size()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !next(left)) return std::nullopt;
      }
      if (const T* m = std::get_if<T>(&received[i]); m != nullptr && (!pred || pred(*m))) return *m;
    }
  }
  std::size_t mark() const { return received.size(); }
  // True when the server closes the connection before the deadline.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds{5});
  // Messages of type T received so far.
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& m : received) {
      if (const T* t = std::get_if<T>(&m)) out.push_back(*t);
    }
    return out;
  }

  std::vector<tws::Incoming> received;
  std::vector<std::string> decode_errors;  // our codec refused a server message
  bool peer_closed = false;

 private:
  bool read_some(std::chrono::milliseconds timeout);

  int fd_ = -1;
  int version_ = 0;
  tws::FrameDecoder frames_;
};

}  // namespace ep::sim::testing
