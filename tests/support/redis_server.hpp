// RedisServer: a private redis-server for one test (fixture), on a free loopback port, in its own
// temporary directory, stopped by PID (SIGTERM, then SIGKILL after a deadline) when destroyed.
// restart() keeps the port, for "Redis restarted" tests; with append_only the data survives a
// restart (appendonly yes, appendfsync always). The binary is `redis-server` from PATH, or
// $EP_REDIS_SERVER. Throws std::runtime_error when the server cannot be started. Use from the
// test's thread.
#pragma once

#include <sys/types.h>
#include <string>

namespace ep::test {

struct RedisServerOptions {
  bool append_only = false;
};

class RedisServer {
 public:
  explicit RedisServer(RedisServerOptions options = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  const std::string& directory() const { return directory_; }

  // Stops the server (its port is then closed; clients see "Connection refused").
  void stop();
  // Starts it again on the same port and waits until it answers PING.
  void start();
  void restart() {
    stop();
    start();
  }
  // Freezes the server (SIGSTOP) and lets it go on (SIGCONT): clients connect and send, nothing
  // is answered, and what they sent runs when it resumes, even on connections they gave up.
  void freeze();
  void thaw();
  // The server's own log (stdout and stderr), for failure messages.
  std::string log() const;

 private:
  bool launch_and_wait();  // false when the process exited before answering

  RedisServerOptions options_;
  std::string directory_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace ep::test
