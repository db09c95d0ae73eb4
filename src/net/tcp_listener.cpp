#include "net/tcp_listener.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace ep::net {

TcpListener::~TcpListener() {
  if (fd_ >= 0) ::close(fd_);
}

TcpListener::TcpListener(TcpListener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), port_(other.port_) {}

TcpListener& TcpListener::operator=(TcpListener&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    port_ = other.port_;
  }
  return *this;
}

core::Result<TcpListener> TcpListener::bind(const std::string& host, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return core::invalid_input("listener host must be a numeric IPv4 address: " + host);
  }
  TcpListener listener;
  listener.fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listener.fd_ < 0) return core::unavailable(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(listener.fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener.fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.fd_, 16) != 0) {
    return core::unavailable("bind " + host + ":" + std::to_string(port) + ": " +
                             std::strerror(errno));
  }
  socklen_t length = sizeof address;
  ::getsockname(listener.fd_, reinterpret_cast<sockaddr*>(&address), &length);
  listener.port_ = ntohs(address.sin_port);
  return listener;
}

core::Result<std::optional<TcpStream>> TcpListener::accept(Deadline deadline) {
  for (;;) {
    if (fd_ < 0) return std::optional<TcpStream>();
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return std::optional<TcpStream>(TcpStream(fd));
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == EINVAL) return std::optional<TcpStream>();  // shut down
      return core::unavailable(std::string("accept: ") + std::strerror(errno));
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, poll_timeout_ms(deadline));
    if (ready < 0 && errno != EINTR) {
      return core::unavailable(std::string("poll: ") + std::strerror(errno));
    }
    if (ready == 0 && std::chrono::steady_clock::now() >= deadline) {
      return std::optional<TcpStream>();
    }
    if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
      return std::optional<TcpStream>();
    }
  }
}

void TcpListener::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

}  // namespace ep::net
