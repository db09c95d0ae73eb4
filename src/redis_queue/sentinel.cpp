#include "redis_queue/sentinel.hpp"

#include <charconv>

#include "redis_queue/redis_connection.hpp"

namespace ep::redis_queue {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

core::Result<RedisEndpoint> parse_endpoint(std::string_view entry) {
  const auto bad = [&](std::string_view why) {
    return core::invalid_input("entry '" + std::string(entry) + "' " + std::string(why) +
                               " (expected host:port)");
  };
  const auto colon = entry.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("has no host:port");
  std::string_view host = entry.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad("needs brackets around an IPv6 address");
  }
  const std::string_view port_text = entry.substr(colon + 1);
  int port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
      port > 65535) {
    return bad("has no port in 1..65535");
  }
  if (host.empty()) return bad("has no host");
  return RedisEndpoint{std::string(host), port};
}

}  // namespace

core::Result<std::vector<RedisEndpoint>> parse_endpoints(std::string_view text) {
  std::vector<RedisEndpoint> out;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view entry = trimmed(text.substr(0, comma));
    if (entry.empty()) return core::invalid_input("has an empty entry (expected host:port,...)");
    auto endpoint = parse_endpoint(entry);
    if (!endpoint) return endpoint.error();
    out.push_back(std::move(*endpoint));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

core::Result<RedisEndpoint> ask_sentinel(const RedisOptions& options,
                                         const RedisEndpoint& sentinel) {
  // A plain connection (no sentinels of its own, no database, no WAIT) with short timeouts.
  RedisOptions direct;
  direct.host = sentinel.host;
  direct.port = sentinel.port;
  direct.connect_timeout_ms = options.sentinel_timeout_ms;
  direct.command_timeout_ms = options.sentinel_timeout_ms;
  direct.password = options.sentinel_password;
  RedisConnection connection(std::move(direct));
  auto reply = connection.command({"SENTINEL", "get-master-addr-by-name", options.master_name});
  const std::string where = "sentinel " + describe_server(sentinel);
  if (!reply) return core::unavailable(where + ": " + reply.error().message);
  const auto address = reply->as_strings();
  if (address.size() != 2) {
    return core::unavailable(where + " knows no master named '" + options.master_name + "'");
  }
  auto endpoint = parse_endpoint(address[0] + ":" + address[1]);
  if (!endpoint && address[0].find(':') != std::string::npos) {
    endpoint = parse_endpoint("[" + address[0] + "]:" + address[1]);  // an IPv6 master
  }
  if (!endpoint) return core::unavailable(where + " answered an unusable address");
  return endpoint;
}

}  // namespace ep::redis_queue
