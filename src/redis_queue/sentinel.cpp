#include "redis_queue/sentinel.hpp"

#include <charconv>

#include "redis_queue/redis_connection.hpp"

namespace ep::redis_queue {

core::Result<RedisEndpoint> ask_sentinel(const RedisOptions& options,
                                         const RedisEndpoint& sentinel) {
  // A plain connection (no sentinels of its own, no database, no WAIT) with short timeouts.
  RedisOptions direct;
  direct.host = sentinel.host;
  direct.port = sentinel.port;
  direct.connect_timeout = options.sentinel_timeout;
  direct.command_timeout = options.sentinel_timeout;
  direct.password = options.sentinel_password;
  RedisConnection connection(std::move(direct));
  auto reply = connection.command({"SENTINEL", "get-master-addr-by-name", options.master_name});
  const std::string where = "sentinel " + describe_server(sentinel);
  if (!reply) {
    std::string message = reply.error().message;  // "redis host:port: ..." of the sentinel
    if (message.starts_with("redis ")) message.replace(0, 6, "sentinel ");
    return core::unavailable(std::move(message));
  }
  const auto address = reply->as_strings();
  if (address.size() != 2) {
    return core::unavailable(where + " knows no master named '" + options.master_name + "'");
  }
  int port = 0;
  const auto [end, error] =
      std::from_chars(address[1].data(), address[1].data() + address[1].size(), port);
  if (address[0].empty() || error != std::errc{} || end != address[1].data() + address[1].size() ||
      port < 1 || port > 65535) {
    return core::unavailable(where + " answered an unusable address");
  }
  return RedisEndpoint{address[0], port};
}

}  // namespace ep::redis_queue
