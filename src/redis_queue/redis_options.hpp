// Where and how to reach Redis. Plain value, filled by app from config.yaml and the environment.
// The passwords are only ever sent to Redis (AUTH); they never appear in a log line or an error.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ep::redis_queue {

struct RedisEndpoint {
  std::string host;
  int port = 0;
};

// What a move's WAIT saw when fewer replicas than asked for confirmed it in time: the move is
// done on the master, but a failover before the replica catches up would lose it.
struct Unreplicated {
  std::string command;  // "EVAL" (a queue move) or the command's name
  int wanted = 0;
  int acknowledged = 0;
};

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::chrono::milliseconds connect_timeout{2000};
  // Socket timeout of a normal command. Blocking commands (BLMOVE) get their own wait added.
  std::chrono::milliseconds command_timeout{2000};
  // ACL user (AUTH <username> <password>); none: AUTH <password>, the default user.
  std::optional<std::string> username;
  std::optional<std::string> password;

  // Sentinel (docs/queue.md "Sentinel failover"): when set, host and port are not used; the
  // master of `master_name` is asked of these sentinels, in order, at every (re)connect, and
  // a connection is only used after the server confirmed it is a master (ROLE).
  std::vector<RedisEndpoint> sentinels;
  std::string master_name = "mymaster";
  std::optional<std::string> sentinel_password;
  std::chrono::milliseconds sentinel_timeout{500};  // connect and read, per sentinel

  // After each queue move: WAIT <wait_replicas> <wait_timeout in ms>; 0 replicas: no WAIT.
  int wait_replicas = 0;
  std::chrono::milliseconds wait_timeout{1000};
  // Called (from the caller's thread) when a WAIT saw fewer replicas than wait_replicas.
  std::function<void(const Unreplicated&)> on_unreplicated;
};

// "redis 127.0.0.1:6379" or "redis master 'mymaster' (sentinels a:1,b:2)", the prefix of
// every error message (never a password).
std::string describe_endpoint(const RedisOptions& options);
// "host:port" of one server.
std::string describe_server(const RedisEndpoint& endpoint);

}  // namespace ep::redis_queue
