// RedisConnection: RAII over one blocking hiredis 0.14 redisContext. Connects lazily with a
// deadline, authenticates and selects the database, and reconnects on the next call after any
// I/O error (hiredis leaves a context unusable after a socket timeout, docs/build-notes.md
// §3.2). Errors come back as core::Error values: kUnavailable for I/O problems and Redis's
// transient error replies (LOADING, BUSY...), kInternal for other error replies; nothing throws.
// One connection serves one thread at a time; use ConnectionPool to share.
//
// With Sentinel (RedisOptions::sentinels) every (re)connect asks the sentinels, in order, for
// the master and uses the answer only once the server itself says ROLE master; a READONLY or
// MASTERDOWN reply (a demoted master) drops the connection, so the next call asks again. The
// replicated_* calls end a queue move with WAIT (docs/queue.md "Sentinel failover").
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

  // A queue move: the command or script, then WAIT for RedisOptions::wait_replicas replicas
  // (none configured: no WAIT). Fewer replicas in time is not an error (the move is done on the
  // master): on_unreplicated is told. A WAIT that fails (the master died) fails the call, as a
  // lost reply would: the caller resends or re-checks as after any lost reply.
  core::Result<RedisReply> replicated_command(const std::vector<std::string>& args);
  core::Result<RedisReply> replicated_eval(std::string_view script,
                                           const std::vector<std::string>& keys,
                                           const std::vector<std::string>& args);
  // The WAIT alone, for a script that only sometimes moves something (a take that found
  // nothing wrote nothing: with no replica up, a WAIT would cost its whole timeout).
  // `command` names the move for on_unreplicated.
  core::Result<void> wait_for_replicas(std::string_view command);

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
  // Connects to one server, authenticates, selects the database; with `must_be_master` also
  // checks ROLE. On failure the context is gone.
  core::Result<void> connect_to(const RedisEndpoint& server, bool must_be_master);
  core::Result<void> connect_via_sentinels();
  core::Result<RedisReply> run(const std::vector<std::string>& args,
                               std::chrono::milliseconds socket_timeout);
  core::Error io_error(std::string_view what);

  RedisOptions options_;
  std::string endpoint_;  // "redis host:port" for messages (the master's, once resolved)
  std::unique_ptr<redisContext, ContextDeleter> context_;
  // The last WAIT timed out short of wait_replicas (after a failover the new master often has
  // no replica at all): until one confirms again, ROLE is asked first and the WAIT skipped while
  // too few replicas are connected, so a lone master costs a round trip per move, not the
  // whole WAIT timeout. Kept across reconnects.
  bool replicas_short_ = false;
};

}  // namespace ep::redis_queue
