#include "redis_queue/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "net/sigpipe_guard.hpp"
#include "redis_queue/sentinel.hpp"

namespace ep::redis_queue {
namespace {

using std::chrono::milliseconds;

timeval to_timeval(std::chrono::milliseconds duration) {
  const auto ms = duration.count() > 0 ? duration.count() : 1;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

// A string, status or error reply: the type and the text.
RedisReply text_reply(RedisReply::Type type, const redisReply& reply) {
  RedisReply out;
  out.type = type;
  out.text.assign(reply.str, reply.len);
  return out;
}

RedisReply convert(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      return text_reply(RedisReply::Type::kString, reply);
    case REDIS_REPLY_STATUS:
      return text_reply(RedisReply::Type::kStatus, reply);
    case REDIS_REPLY_ERROR:
      return text_reply(RedisReply::Type::kError, reply);
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

// A reply saying this server is not (or no longer) the master: a demoted master refuses writes
// with READONLY, a replica cut off from its master may answer MASTERDOWN.
bool is_not_master_error(std::string_view text) {
  return text.substr(0, 8) == "READONLY" || text.substr(0, 10) == "MASTERDOWN";
}

}  // namespace

std::string describe_server(const RedisEndpoint& endpoint) {
  const bool v6 = endpoint.host.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

std::string describe_endpoint(const RedisOptions& options) {
  if (options.sentinels.empty()) return "redis " + describe_server({options.host, options.port});
  std::string list;
  for (const auto& sentinel : options.sentinels) {
    list += (list.empty() ? "" : ",") + describe_server(sentinel);
  }
  return "redis master '" + options.master_name + "' (sentinels " + list + ")";
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
  if (!options_.sentinels.empty()) return connect_via_sentinels();
  return connect_to({options_.host, options_.port}, false);
}

core::Result<void> RedisConnection::connect_via_sentinels() {
  // Each sentinel in order: the first answer that is really a master wins. A sentinel that is
  // down, or whose answer is stale (a demoted master), only costs its short timeouts.
  std::vector<std::string> tried;
  std::string failures;
  for (const auto& sentinel : options_.sentinels) {
    auto master = ask_sentinel(options_, sentinel);
    if (!master) {
      failures += (failures.empty() ? "" : "; ") + master.error().message;
      continue;
    }
    const std::string address = describe_server(*master);
    if (std::find(tried.begin(), tried.end(), address) != tried.end()) continue;
    tried.push_back(address);
    auto connected = connect_to(*master, true);
    if (connected) return connected;
    failures += (failures.empty() ? "" : "; ") + connected.error().message;
  }
  endpoint_ = describe_endpoint(options_);
  return core::unavailable(endpoint_ + ": no master reachable (" + failures + ")");
}

core::Result<void> RedisConnection::connect_to(const RedisEndpoint& server, bool must_be_master) {
  endpoint_ = "redis " + describe_server(server);
  if (must_be_master) endpoint_ += " (master '" + options_.master_name + "')";
  const milliseconds command_timeout = options_.command_timeout;
  const timeval connect_timeout = to_timeval(options_.connect_timeout);
  context_.reset(redisConnectWithTimeout(server.host.c_str(), server.port, connect_timeout));
  if (!context_) return core::unavailable(endpoint_ + ": cannot allocate a connection");
  if (context_->err != 0) return io_error("");
  if (redisSetTimeout(context_.get(), to_timeval(command_timeout)) != REDIS_OK) {
    return io_error("");
  }
  redisEnableKeepAlive(context_.get());

  const bool has_password = options_.password && !options_.password->empty();
  if (options_.username || has_password) {
    std::vector<std::string> auth{"AUTH"};
    if (options_.username) auth.push_back(*options_.username);
    auth.push_back(options_.password.value_or(""));
    auto authenticated = run(auth, command_timeout);
    if (!authenticated) {
      context_.reset();
      // Redis's words (WRONGPASS ..., which never repeat the password) and the user name.
      std::string message = authenticated.error().message;
      if (options_.username) message += " (user '" + *options_.username + "')";
      return core::Error{authenticated.error().kind, "authentication failed: " + message};
    }
  }
  if (options_.db != 0) {
    auto select = run({"SELECT", std::to_string(options_.db)}, command_timeout);
    if (!select) {
      context_.reset();
      return select.error();
    }
  }
  if (must_be_master) {
    auto role = run({"ROLE"}, command_timeout);
    if (!role) {
      context_.reset();
      return role.error();
    }
    const std::string name =
        role->elements.empty() ? std::string() : role->elements[0].as_string().value_or("");
    if (name != "master") {
      context_.reset();
      return core::unavailable(endpoint_ + ": named master by Sentinel but its role is '" + name +
                               "': not written to");
    }
  }
  return core::success();
}

core::Result<void> RedisConnection::wait_for_replicas(std::string_view command) {
  if (options_.wait_replicas <= 0) return core::success();
  const auto report = [&](std::int64_t acknowledged) {
    if (options_.on_unreplicated) {
      options_.on_unreplicated(Unreplicated{std::string(command), options_.wait_replicas,
                                            static_cast<int>(acknowledged)});
    }
  };
  if (replicas_short_) {
    // ROLE on a master: ["master", offset, [[ip, port, offset], ...]], one entry per replica.
    auto role = run({"ROLE"}, options_.command_timeout);
    if (!role) return role.error();
    const std::size_t connected =
        role->elements.size() >= 3 ? role->elements[2].elements.size() : 0;
    if (connected < static_cast<std::size_t>(options_.wait_replicas)) {
      report(0);  // nothing could confirm it: not waited for
      return core::success();
    }
  }
  const milliseconds wait = std::max(options_.wait_timeout, milliseconds{1});
  auto acknowledged =
      run({"WAIT", std::to_string(options_.wait_replicas), std::to_string(wait.count())},
          options_.command_timeout + wait);
  if (!acknowledged) return acknowledged.error();
  replicas_short_ = acknowledged->integer < options_.wait_replicas;
  if (replicas_short_) report(acknowledged->integer);
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
  const bool custom_timeout = socket_timeout != options_.command_timeout;
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
      redisSetTimeout(context_.get(), to_timeval(options_.command_timeout)) != REDIS_OK) {
    return io_error("");
  }
  RedisReply value = convert(*reply);
  if (value.type == RedisReply::Type::kError) {
    const std::string command = args.empty() ? std::string() : args.front();
    std::string message = endpoint_ + ": " + command + ": " + value.text;
    // Demoted (a failover happened): never write here again; the next call reconnects, which
    // with Sentinel asks for the new master.
    if (is_not_master_error(value.text)) context_.reset();
    if (is_transient_error(value.text)) return core::unavailable(std::move(message));
    return core::internal_error(std::move(message));
  }
  return value;
}

core::Result<RedisReply> RedisConnection::command(const std::vector<std::string>& args) {
  if (auto connected_now = ensure_connected(); !connected_now) return connected_now.error();
  return run(args, options_.command_timeout);
}

core::Result<RedisReply> RedisConnection::blocking_command(const std::vector<std::string>& args,
                                                           std::chrono::milliseconds extra) {
  if (auto connected_now = ensure_connected(); !connected_now) return connected_now.error();
  return run(args, options_.command_timeout + extra);
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

core::Result<RedisReply> RedisConnection::replicated_command(const std::vector<std::string>& args) {
  auto reply = command(args);
  if (!reply) return reply;
  const std::string name = args.empty() ? std::string() : args.front();
  if (auto replicated = wait_for_replicas(name); !replicated) return replicated.error();
  return reply;
}

core::Result<RedisReply> RedisConnection::replicated_eval(std::string_view script,
                                                          const std::vector<std::string>& keys,
                                                          const std::vector<std::string>& args) {
  auto reply = eval(script, keys, args);
  if (!reply) return reply;
  if (auto replicated = wait_for_replicas("EVAL"); !replicated) return replicated.error();
  return reply;
}

}  // namespace ep::redis_queue
