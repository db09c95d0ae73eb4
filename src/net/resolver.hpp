// Host name resolution with a deadline. getaddrinfo has no timeout, so a DNS lookup runs on a
// helper thread that the caller stops waiting for at the deadline (the thread finishes on its
// own and frees its state). Numeric addresses resolve inline. Callable from any thread.
#pragma once

#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::net {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_UNSPEC;
};

core::Result<std::vector<SocketAddress>> resolve(const std::string& host, std::uint16_t port,
                                                 core::Deadline deadline);

std::string describe(const SocketAddress& address);  // "127.0.0.1:4002", "[::1]:4002"

}  // namespace ep::net
