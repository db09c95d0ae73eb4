#include "sim/testing/test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tws/handshake.hpp"

namespace ep::sim::testing {

TestClient::TestClient(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TestClient::~TestClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::read_some(std::chrono::milliseconds timeout) {
  if (fd_ < 0 || peer_closed) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[8192];
  const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) {
    peer_closed = true;
    return false;
  }
  frames_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  return true;
}

int TestClient::handshake(int min_version, int max_version) {
  const std::string hello = tws::encode_client_hello(min_version, max_version);
  if (fd_ < 0 || ::send(fd_, hello.data(), hello.size(), MSG_NOSIGNAL) < 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (std::chrono::steady_clock::now() < deadline) {
    auto frame = frames_.next();
    if (frame && frame->has_value()) {
      auto reply = tws::decode_server_hello(**frame, min_version, max_version);
      if (!reply) return -1;
      version_ = reply->server_version;
      return version_;
    }
    if (!read_some(std::chrono::milliseconds{100}) && peer_closed) return -1;
  }
  return -1;
}

int TestClient::start(int client_id) {
  const int version = handshake();
  if (version > 0) send(tws::StartApi{client_id, ""});
  return version;
}

void TestClient::send(const tws::Request& request) {
  const std::string bytes = tws::encode_frame(tws::encode(request, version_));
  if (fd_ >= 0) (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

std::optional<tws::Incoming> TestClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto frame = frames_.next();
    if (!frame) return std::nullopt;
    if (frame->has_value()) {
      auto message = tws::decode_incoming(**frame, version_);
      if (!message) {
        decode_errors.push_back(message.error().message);
        return std::nullopt;
      }
      received.push_back(*message);
      return *message;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_some(left)) {
      if (peer_closed || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    }
  }
}

bool TestClient::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!peer_closed && std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!read_some(left)) continue;
    while (true) {
      auto frame = frames_.next();
      if (!frame || !frame->has_value()) break;
      if (auto message = tws::decode_incoming(**frame, version_)) received.push_back(*message);
    }
  }
  return peer_closed;
}

}  // namespace ep::sim::testing
