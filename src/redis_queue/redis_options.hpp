// Where and how to reach Redis. Plain value, filled by app from config.yaml and the environment.
// The password is only ever sent to Redis (AUTH); it never appears in a log line or an error.
#pragma once

#include <optional>
#include <string>

namespace ep::redis_queue {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  int connect_timeout_ms = 2000;
  // Socket timeout of a normal command. Blocking commands (BLMOVE) get their own wait added.
  int command_timeout_ms = 2000;
  std::optional<std::string> password;
};

// "redis 127.0.0.1:6379", the prefix of every error message (never the password).
std::string describe_endpoint(const RedisOptions& options);

}  // namespace ep::redis_queue
