#include "net/tcp_stream.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include "net/resolver.hpp"

namespace ep::net {
namespace {

std::string errno_text(int error) {
  return std::strerror(error);
}

bool set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Waits for `events` on fd; 0 = timed out, 1 = ready, -1 = error (errno set).
int wait_for(int fd, short events, Deadline deadline) {
  for (;;) {
    pollfd pfd{fd, events, 0};
    const int ready = ::poll(&pfd, 1, poll_timeout_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0 && deadline != kNoDeadline && std::chrono::steady_clock::now() < deadline) {
      continue;  // poll's millisecond rounding woke us a little early
    }
    return ready > 0 ? 1 : ready;
  }
}

core::Result<int> connect_one(const SocketAddress& address, Deadline deadline) {
  const int fd = ::socket(address.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return core::unavailable("socket: " + errno_text(errno));
  if (!set_nonblocking(fd)) {
    const int error = errno;
    ::close(fd);
    return core::unavailable("fcntl: " + errno_text(error));
  }
  const auto* addr = reinterpret_cast<const sockaddr*>(&address.storage);
  if (::connect(fd, addr, address.length) != 0) {
    if (errno != EINPROGRESS) {
      const int error = errno;
      ::close(fd);
      return core::unavailable("connect to " + describe(address) + ": " + errno_text(error));
    }
    const int ready = wait_for(fd, POLLOUT, deadline);
    int error = 0;
    socklen_t length = sizeof error;
    if (ready == 0) {
      ::close(fd);
      return core::unavailable("connect to " + describe(address) + " timed out");
    }
    if (ready < 0)
      error = errno;
    else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
      error = errno;
    if (error != 0) {
      ::close(fd);
      return core::unavailable("connect to " + describe(address) + ": " + errno_text(error));
    }
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // small request frames
  return fd;
}

}  // namespace

int poll_timeout_ms(Deadline deadline) {
  if (deadline == kNoDeadline) return -1;
  const auto now = std::chrono::steady_clock::now();
  if (deadline <= now) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return left > INT_MAX ? INT_MAX : static_cast<int>(left);
}

TcpStream::TcpStream(int fd) : fd_(fd) {
  if (fd_ >= 0) set_nonblocking(fd_);
}

TcpStream::~TcpStream() {
  close();
}

TcpStream::TcpStream(TcpStream&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

TcpStream& TcpStream::operator=(TcpStream&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

core::Result<TcpStream> TcpStream::connect(const std::string& host, std::uint16_t port,
                                           Deadline deadline) {
  auto addresses = resolve(host, port, deadline);
  if (!addresses) return addresses.error();
  core::Error last = core::unavailable("no address for " + host);
  for (const auto& address : *addresses) {
    auto fd = connect_one(address, deadline);
    if (fd) return TcpStream(*fd);
    last = fd.error();
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  return last;
}

core::Result<ReadResult> TcpStream::read_some(char* buffer, std::size_t capacity,
                                              Deadline deadline) {
  if (fd_ < 0) return ReadResult{ReadStatus::kEof, 0};
  for (;;) {
    const ssize_t n = ::recv(fd_, buffer, capacity, 0);
    if (n > 0) return ReadResult{ReadStatus::kData, static_cast<std::size_t>(n)};
    if (n == 0) return ReadResult{ReadStatus::kEof, 0};
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == ECONNRESET || errno == ENOTCONN) return ReadResult{ReadStatus::kEof, 0};
      return core::unavailable("read: " + errno_text(errno));
    }
    const int ready = wait_for(fd_, POLLIN, deadline);
    if (ready == 0) return ReadResult{ReadStatus::kTimeout, 0};
    if (ready < 0) return core::unavailable("poll: " + errno_text(errno));
  }
}

core::Result<void> TcpStream::write_all(std::string_view data, Deadline deadline,
                                        std::size_t* bytes_written) {
  std::size_t written = 0;
  auto report = [&] {
    if (bytes_written != nullptr) *bytes_written = written;
  };
  if (fd_ < 0) {
    report();
    return core::unavailable("write: connection closed");
  }
  while (written < data.size()) {
    const ssize_t n = ::send(fd_, data.data() + written, data.size() - written, MSG_NOSIGNAL);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const int ready = wait_for(fd_, POLLOUT, deadline);
      if (ready > 0) continue;
      report();
      return core::unavailable(ready == 0 ? "write timed out" : "poll: " + errno_text(errno));
    }
    report();
    return core::unavailable("write: " + errno_text(errno));
  }
  report();
  return core::success();
}

void TcpStream::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void TcpStream::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace ep::net
