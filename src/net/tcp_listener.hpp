// A listening TCP socket for servers in tests and the simulator: bind (port 0 = pick a free
// one), then accept with a deadline. Owned by one thread; close() may be called from another
// to make a blocked accept() return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "net/tcp_stream.hpp"

namespace ep::net {

class TcpListener {
 public:
  TcpListener() = default;
  ~TcpListener();
  TcpListener(TcpListener&& other) noexcept;
  TcpListener& operator=(TcpListener&& other) noexcept;
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // host must be a numeric address, e.g. "127.0.0.1".
  static core::Result<TcpListener> bind(const std::string& host, std::uint16_t port);

  // nullopt when the deadline passed or the listener was shut down.
  core::Result<std::optional<TcpStream>> accept(Deadline deadline);

  std::uint16_t port() const { return port_; }
  // Wakes a blocked accept (it returns nullopt); safe from any thread.
  void shutdown();

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace ep::net
