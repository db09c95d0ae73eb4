#include "net/resolver.hpp"

#include <arpa/inet.h>

#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace ep::net {
namespace {

struct Lookup {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int status = 0;
  std::vector<SocketAddress> addresses;
};

void run_lookup(const std::string& host, const std::string& service, int flags, Lookup& out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags | AI_ADDRCONFIG;
  addrinfo* list = nullptr;
  const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  std::vector<SocketAddress> addresses;
  if (status == 0) {
    for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
      if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
      SocketAddress address;
      std::memcpy(&address.storage, ai->ai_addr, ai->ai_addrlen);
      address.length = ai->ai_addrlen;
      address.family = ai->ai_family;
      addresses.push_back(address);
    }
    ::freeaddrinfo(list);
  }
  std::lock_guard lock(out.mu);
  out.status = status;
  out.addresses = std::move(addresses);
  out.done = true;
  out.cv.notify_all();
}

core::Result<std::vector<SocketAddress>> finish(const std::string& host, Lookup& lookup) {
  if (lookup.status != 0) {
    return core::unavailable("cannot resolve " + host + ": " + ::gai_strerror(lookup.status));
  }
  if (lookup.addresses.empty()) return core::unavailable("no address for " + host);
  return std::move(lookup.addresses);
}

}  // namespace

core::Result<std::vector<SocketAddress>> resolve(const std::string& host, std::uint16_t port,
                                                 core::Deadline deadline) {
  if (host.empty()) return core::invalid_input("empty host name");
  const std::string service = std::to_string(port);
  {
    Lookup numeric;
    run_lookup(host, service, AI_NUMERICHOST | AI_NUMERICSERV, numeric);
    if (numeric.status == 0) return finish(host, numeric);
  }
  // A name: resolve on a helper thread so the deadline holds even when DNS hangs.
  auto lookup = std::make_shared<Lookup>();
  std::thread([lookup, host, service] {
    run_lookup(host, service, AI_NUMERICSERV, *lookup);
  }).detach();
  std::unique_lock lock(lookup->mu);
  if (!lookup->cv.wait_until(lock, deadline, [&] { return lookup->done; })) {
    return core::unavailable("resolving " + host + " timed out");
  }
  return finish(host, *lookup);
}

std::string describe(const SocketAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address.storage, sizeof in);
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    return std::string(text) + ":" + std::to_string(ntohs(in.sin_port));
  }
  if (address.family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address.storage, sizeof in6);
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6.sin6_port));
  }
  return "?";
}

}  // namespace ep::net
