// RedisConnection: RAII over one blocking hiredis 0.14 redisContext. Connects lazily with a
// deadline, authenticates and selects the database, and reconnects on the next call after any
// I/O error (hiredis leaves a context unusable after a socket timeout, docs/build-toolchain.md
// §3.2). Errors come back as core::Error values: kUnavailable for I/O problems and Redis's
// transient error replies (LOADING, BUSY...), kInternal for other error replies; nothing throws.
// One connection serves one thread at a time; use ConnectionPool to share.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "redis_queue/redis_options.hpp"
#include "redis_queue/redis_reply.hpp"

struct redisContext;

namespace ep::redis_queue {

class RedisConnection {
 public:
  explicit RedisConnection(RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Runs one command (arguments are sent binary-safe). An error reply becomes an Error.
  core::Result<RedisReply> command(const std::vector<std::string>& args);
  // For blocking commands (BLMOVE ... <timeout>): the socket timeout is the normal one plus
  // `extra`, so the server-side timeout always fires first and the context survives.
  core::Result<RedisReply> blocking_command(const std::vector<std::string>& args,
                                            std::chrono::milliseconds extra);

  // EVAL script with its keys and arguments.
  core::Result<RedisReply> eval(std::string_view script, const std::vector<std::string>& keys,
                                const std::vector<std::string>& args);

  bool connected() const { return context_ != nullptr; }
  // True when the socket is gone or the server closed it (a restarted Redis, an idle timeout):
  // one non-blocking peek, nothing sent. Checked before each command, so the first command after
  // Redis came back reconnects instead of failing on a dead socket.
  bool peer_closed() const;
  // Drops the socket; the next command reconnects.
  void disconnect();
  const RedisOptions& options() const { return options_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };

  core::Result<void> ensure_connected();
  core::Result<RedisReply> run(const std::vector<std::string>& args,
                               std::chrono::milliseconds socket_timeout);
  core::Error io_error(std::string_view what);

  RedisOptions options_;
  std::string endpoint_;  // "redis host:port" for messages
  std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace ep::redis_queue
