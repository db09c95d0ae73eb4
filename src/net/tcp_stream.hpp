// A TCP connection with a deadline on every blocking step (connect, read, write), over POSIX
// sockets. Used by tws_client (one reader thread reads while any caller thread writes under its
// own lock) and by test servers. A TcpStream may be read by one thread and written by another at
// the same time; shutdown() may be called from any thread to wake a blocked reader.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::net {

using core::Deadline;
using core::kNoDeadline;

enum class ReadStatus { kData, kTimeout, kEof };

struct ReadResult {
  ReadStatus status = ReadStatus::kEof;
  std::size_t bytes = 0;  // > 0 only with kData
};

class TcpStream {
 public:
  TcpStream() = default;
  explicit TcpStream(int fd);  // takes ownership of a connected socket
  ~TcpStream();
  TcpStream(TcpStream&& other) noexcept;
  TcpStream& operator=(TcpStream&& other) noexcept;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;

  // Resolves host (numeric or DNS name) and connects to the first address that answers before
  // the deadline. Errors are kUnavailable with the reason ("connection refused", "timed out").
  static core::Result<TcpStream> connect(const std::string& host, std::uint16_t port,
                                         Deadline deadline);

  // Waits for data until the deadline. kEof: the peer closed (or shutdown() was called).
  core::Result<ReadResult> read_some(char* buffer, std::size_t capacity, Deadline deadline);

  // Writes every byte or fails (kUnavailable). *bytes_written tells how many bytes left before
  // a failure, because for an order "some bytes left" means "maybe received".
  core::Result<void> write_all(std::string_view data, Deadline deadline,
                               std::size_t* bytes_written = nullptr);

  // Stops both directions; a blocked read_some returns kEof. Safe from any thread, idempotent.
  void shutdown();
  bool is_open() const { return fd_ >= 0; }
  int native_handle() const { return fd_; }

 private:
  void close();
  int fd_ = -1;
};

// Milliseconds left until the deadline for poll(): -1 for kNoDeadline, 0 when passed.
int poll_timeout_ms(Deadline deadline);

}  // namespace ep::net
