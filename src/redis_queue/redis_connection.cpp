#include "redis_queue/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <cerrno>
#include <utility>

#include "net/sigpipe_guard.hpp"

namespace ep::redis_queue {
namespace {

timeval to_timeval(std::chrono::milliseconds duration) {
  const auto ms = duration.count() > 0 ? duration.count() : 1;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

RedisReply convert(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        out.elements.push_back(convert(*reply.element[i]));
      }
      break;
    default:
      out.type = RedisReply::Type::kNil;
      break;
  }
  return out;
}

// Error replies that say "not now" rather than "wrong": the event should wait, not fail.
bool is_transient_error(std::string_view text) {
  constexpr std::array<std::string_view, 7> kTransient{
      "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "OOM"};
  for (auto prefix : kTransient) {
    if (text.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

std::string describe_endpoint(const RedisOptions& options) {
  return "redis " + options.host + ":" + std::to_string(options.port);
}

void RedisConnection::ContextDeleter::operator()(redisContext* context) const {
  redisFree(context);
}

RedisConnection::RedisConnection(RedisOptions options)
    : options_(std::move(options)), endpoint_(describe_endpoint(options_)) {}

RedisConnection::~RedisConnection() = default;

void RedisConnection::disconnect() {
  context_.reset();
}

bool RedisConnection::peer_closed() const {
  if (!context_ || context_->fd < 0) return true;
  char byte = 0;
  const ssize_t got = ::recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  // 0: the server closed it; a byte: something nobody asked for (not a connection to reuse).
  return true;
}

core::Error RedisConnection::io_error(std::string_view what) {
  std::string detail = context_ && context_->errstr[0] != '\0' ? context_->errstr : "I/O error";
  if (detail == "Resource temporarily unavailable") detail = "timed out";
  context_.reset();  // unusable after any I/O error: reconnect on the next call
  return core::unavailable(endpoint_ + ": " + std::string(what) + detail);
}

core::Result<void> RedisConnection::ensure_connected() {
  if (context_ && !peer_closed()) return core::success();
  context_.reset();
  const timeval connect_timeout =
      to_timeval(std::chrono::milliseconds(options_.connect_timeout_ms));
  context_.reset(redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout));
  if (!context_) return core::unavailable(endpoint_ + ": cannot allocate a connection");
  if (context_->err != 0) return io_error("");
  if (redisSetTimeout(context_.get(), to_timeval(std::chrono::milliseconds(
                                          options_.command_timeout_ms))) != REDIS_OK) {
    return io_error("");
  }
  redisEnableKeepAlive(context_.get());

  if (options_.password && !options_.password->empty()) {
    auto auth =
        run({"AUTH", *options_.password}, std::chrono::milliseconds(options_.command_timeout_ms));
    if (!auth) {
      context_.reset();
      // Redis's words only (e.g. WRONGPASS ...); the password itself is never echoed.
      return core::Error{auth.error().kind, endpoint_ + ": authentication failed"};
    }
  }
  if (options_.db != 0) {
    auto select = run({"SELECT", std::to_string(options_.db)},
                      std::chrono::milliseconds(options_.command_timeout_ms));
    if (!select) {
      context_.reset();
      return select.error();
    }
  }
  return core::success();
}

core::Result<RedisReply> RedisConnection::run(const std::vector<std::string>& args,
                                              std::chrono::milliseconds socket_timeout) {
  if (args.empty()) return core::internal_error(endpoint_ + ": empty command");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  const bool custom_timeout =
      socket_timeout != std::chrono::milliseconds(options_.command_timeout_ms);
  if (custom_timeout && redisSetTimeout(context_.get(), to_timeval(socket_timeout)) != REDIS_OK) {
    return io_error("");
  }
  void* raw = nullptr;
  {
    net::SigpipeGuard guard;
    raw = redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(),
                           lengths.data());
  }
  if (raw == nullptr) return io_error("");
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw),
                                                                &freeReplyObject);
  if (custom_timeout &&
      redisSetTimeout(context_.get(), to_timeval(std::chrono::milliseconds(
                                          options_.command_timeout_ms))) != REDIS_OK) {
    return io_error("");
  }
  RedisReply value = convert(*reply);
  if (value.type == RedisReply::Type::kError) {
    const std::string command = args.empty() ? std::string() : args.front();
    std::string message = endpoint_ + ": " + command + ": " + value.text;
    if (is_transient_error(value.text)) return core::unavailable(std::move(message));
    return core::internal_error(std::move(message));
  }
  return value;
}

core::Result<RedisReply> RedisConnection::command(const std::vector<std::string>& args) {
  if (auto connected_now = ensure_connected(); !connected_now) return connected_now.error();
  return run(args, std::chrono::milliseconds(options_.command_timeout_ms));
}

core::Result<RedisReply> RedisConnection::blocking_command(const std::vector<std::string>& args,
                                                           std::chrono::milliseconds extra) {
  if (auto connected_now = ensure_connected(); !connected_now) return connected_now.error();
  return run(args, std::chrono::milliseconds(options_.command_timeout_ms) + extra);
}

core::Result<RedisReply> RedisConnection::eval(std::string_view script,
                                               const std::vector<std::string>& keys,
                                               const std::vector<std::string>& args) {
  std::vector<std::string> all;
  all.reserve(3 + keys.size() + args.size());
  all.emplace_back("EVAL");
  all.emplace_back(script);
  all.push_back(std::to_string(keys.size()));
  all.insert(all.end(), keys.begin(), keys.end());
  all.insert(all.end(), args.begin(), args.end());
  return command(all);
}

}  // namespace ep::redis_queue
