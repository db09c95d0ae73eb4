#include "tests/support/redis_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ep::test {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("test redis client: " + what);
}

// Connects with a deadline; returns the fd or -1.
int connect_with_timeout(const std::string& host, int port, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    ::close(fd);
    return -1;
  }
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd waiter{fd, POLLOUT, 0};
    rc = ::poll(&waiter, 1, static_cast<int>(timeout.count())) == 1 ? 0 : -1;
    int error = 0;
    socklen_t length = sizeof(error);
    if (rc == 0 && (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)) {
      rc = -1;
    }
  }
  if (rc != 0) {
    ::close(fd);
    return -1;
  }
  const int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  return fd;
}

}  // namespace

RedisClient::RedisClient(int fd, std::chrono::milliseconds timeout) : fd_(fd), timeout_(timeout) {}

RedisClient::RedisClient(int port, std::string host, std::chrono::milliseconds timeout)
    : fd_(connect_with_timeout(host, port, timeout)), timeout_(timeout) {
  if (fd_ < 0) fail("cannot connect to " + host + ":" + std::to_string(port));
}

RedisClient::RedisClient(RedisClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      timeout_(other.timeout_),
      buffer_(std::move(other.buffer_)),
      offset_(other.offset_) {}

RedisClient::~RedisClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<RedisClient> RedisClient::try_connect(int port, std::chrono::milliseconds timeout) {
  const int fd = connect_with_timeout("127.0.0.1", port, timeout);
  if (fd < 0) return std::nullopt;
  return RedisClient(fd, timeout);
}

RespValue RedisClient::command(const std::vector<std::string>& args) {
  std::string request = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) {
    request += "$" + std::to_string(arg.size()) + "\r\n";
    request += arg;
    request += "\r\n";
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) fail(std::string("send: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  return read_value(0);
}

void RedisClient::fill() {
  if (offset_ > 0) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
  if (n == 0) fail("connection closed by the server");
  if (n < 0) fail(std::string("recv: ") + std::strerror(errno));
  buffer_.append(chunk, static_cast<std::size_t>(n));
}

std::string RedisClient::read_line() {
  for (;;) {
    const std::size_t end = buffer_.find("\r\n", offset_);
    if (end != std::string::npos) {
      std::string line = buffer_.substr(offset_, end - offset_);
      offset_ = end + 2;
      return line;
    }
    fill();
  }
}

std::string RedisClient::read_exact(std::size_t count) {
  while (buffer_.size() - offset_ < count + 2) fill();
  std::string data = buffer_.substr(offset_, count);
  offset_ += count + 2;  // the data and its CRLF
  return data;
}

RespValue RedisClient::read_value(int depth) {
  if (depth > 16) fail("reply nested too deeply");
  const std::string line = read_line();
  if (line.empty()) fail("empty reply line");
  RespValue value;
  const std::string rest = line.substr(1);
  switch (line[0]) {
    case '+':
      value.type = RespValue::Type::kStatus;
      value.text = rest;
      return value;
    case '-':
      value.type = RespValue::Type::kError;
      value.text = rest;
      return value;
    case ':':
      value.type = RespValue::Type::kInteger;
      value.integer = std::stoll(rest);
      return value;
    case '$': {
      const long long length = std::stoll(rest);
      if (length < 0) return value;  // nil
      value.type = RespValue::Type::kString;
      value.text = read_exact(static_cast<std::size_t>(length));
      return value;
    }
    case '*': {
      const long long count = std::stoll(rest);
      if (count < 0) return value;  // nil array
      value.type = RespValue::Type::kArray;
      for (long long i = 0; i < count; ++i) value.elements.push_back(read_value(depth + 1));
      return value;
    }
    default:
      fail("unexpected reply type '" + line.substr(0, 1) + "'");
  }
}

std::string RedisClient::str(const std::vector<std::string>& args) {
  RespValue value = command(args);
  if (value.is_error()) fail(args.front() + ": " + value.text);
  if (value.type == RespValue::Type::kInteger) return std::to_string(value.integer);
  if (value.type == RespValue::Type::kArray) fail(args.front() + ": array reply");
  return value.text;
}

std::int64_t RedisClient::integer(const std::vector<std::string>& args) {
  RespValue value = command(args);
  if (value.type != RespValue::Type::kInteger)
    fail(args.front() + ": not an integer: " + value.text);
  return value.integer;
}

std::vector<std::string> RedisClient::array(const std::vector<std::string>& args) {
  RespValue value = command(args);
  if (value.type != RespValue::Type::kArray) fail(args.front() + ": not an array: " + value.text);
  std::vector<std::string> out;
  for (const auto& element : value.elements) out.push_back(element.text);
  return out;
}

}  // namespace ep::test
