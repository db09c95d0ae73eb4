#include "tws_client/session.hpp"

#include <algorithm>

#include "logging/log.hpp"
#include "tws/handshake.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/overloaded.hpp"

namespace ep::tws_client {
namespace {

// At DEBUG, every frame to and from the gateway is logged (README "Configuration", LOG_LEVEL):
// the fields joined with '|', cut at kMaxLoggedBytes. The protocol carries no credential (the
// gateway's login is its own), and the log's redactor masks the service's secrets anyway.
constexpr std::size_t kMaxLoggedBytes = 2000;

void log_frame(const char* direction, const tws::Fields& fields) {
  if (!log::enabled(spdlog::level::debug)) return;
  std::string text;
  for (const auto& field : fields) {
    if (!text.empty()) text += '|';
    text += field;
    if (text.size() > kMaxLoggedBytes) {
      text.resize(kMaxLoggedBytes);
      text += "...";
      break;
    }
  }
  log::debug(direction,
             {{"msg_id", fields.empty() ? std::string() : fields.front()}, {"fields", text}});
}

ConnectFailure failure(std::string message) {
  return ConnectFailure{core::unavailable(std::move(message)), false};
}

// Reads until the first whole frame (the server's version reply) or the deadline.
core::Result<tws::Fields> read_first_frame(net::TcpStream& stream, tws::FrameDecoder& decoder,
                                           Deadline deadline) {
  char buffer[4096];
  for (;;) {
    auto frame = decoder.next();
    if (!frame) return frame.error();
    if (frame->has_value()) return std::move(**frame);
    auto read = stream.read_some(buffer, sizeof buffer, deadline);
    if (!read) return read.error();
    if (read->status == net::ReadStatus::kTimeout) {
      return core::unavailable("no handshake reply from the gateway before the deadline");
    }
    if (read->status == net::ReadStatus::kEof) {
      return core::unavailable("the gateway closed the connection during the handshake");
    }
    decoder.feed(std::string_view(buffer, read->bytes));
  }
}

}  // namespace

Session::OpenResult Session::open(const ClientConfig& config, int client_id, Deadline deadline,
                                  SessionEvents events) {
  const std::string where = config.host + ":" + std::to_string(config.port);
  auto stream = net::TcpStream::connect(config.host, config.port, deadline);
  if (!stream)
    return failure("cannot connect to IB Gateway at " + where + ": " + stream.error().message);
  const std::string hello =
      tws::encode_client_hello(config.min_server_version, config.max_server_version);
  if (auto written = stream->write_all(hello, deadline); !written) {
    return failure("handshake with " + where + " failed: " + written.error().message);
  }
  tws::FrameDecoder decoder;
  auto reply = read_first_frame(*stream, decoder, deadline);
  if (!reply) return failure("handshake with " + where + " failed: " + reply.error().message);
  auto server =
      tws::decode_server_hello(*reply, config.min_server_version, config.max_server_version);
  if (!server) return failure("gateway at " + where + ": " + server.error().message);

  std::shared_ptr<Session> session(new Session(config, std::move(*stream), server->server_version,
                                               client_id, std::move(events)));
  session->start_reader(std::move(decoder));
  if (auto sent = session->send(tws::StartApi{client_id, ""}, deadline); !sent) {
    session->shut_down("startApi not sent");
    return failure("startApi to " + where + " failed: " + sent.error().message);
  }
  if (auto failed = session->wait_ready(deadline)) {
    session->shut_down(failed->error.message);
    return *failed;
  }
  log::info("connected to IB Gateway", {{"host", config.host},
                                        {"port", config.port},
                                        {"server_version", session->server_version()},
                                        {"client_id", client_id},
                                        {"accounts", session->managed_accounts()}});
  return session;
}

Session::Session(const ClientConfig& config, net::TcpStream stream, int server_version,
                 int client_id, SessionEvents events)
    : stream_(std::move(stream)),
      server_version_(server_version),
      client_id_(client_id),
      events_(std::move(events)),
      pacer_(config.messages_per_second, config.pacing_guard, config.message_budget,
             config.shared_slot_validity),
      registry_(client_id) {}

Session::~Session() {
  shut_down("session closed");
}

std::vector<std::string> Session::managed_accounts() const {
  std::lock_guard lock(state_mu_);
  return accounts_;
}

std::int64_t Session::next_id() {
  return id_counter_.fetch_add(1);
}

DeadlineMutex& Session::singleton_mutex(Singleton kind) {
  return singleton_mu_[static_cast<int>(kind)];
}

core::Result<void> Session::send_fields(const tws::Fields& fields, Deadline deadline) {
  if (closed_) return core::unavailable("not connected to IB Gateway");
  std::unique_lock lock(write_mu_, std::defer_lock);
  if (!lock.try_lock_until(deadline)) {
    return core::unavailable("no chance to send before the deadline");
  }
  if (!pacer_.acquire(deadline)) {
    return core::unavailable("pacing: no send slot before the deadline");
  }
  log_frame("tws request", fields);
  std::size_t written = 0;
  auto result = stream_.write_all(tws::encode_frame(fields), deadline, &written);
  if (!result) {
    close("write failed: " + result.error().message);
    if (written == 0) return core::unavailable("send failed: " + result.error().message);
    return core::unknown_outcome("connection failed while sending: " + result.error().message);
  }
  return core::success();
}

core::Result<void> Session::send_market_data(int market_data_type, const tws::ReqMktData& request,
                                             Deadline deadline) {
  std::unique_lock lock(market_data_mu_, std::defer_lock);
  if (!lock.try_lock_until(deadline)) {
    return core::unavailable("no chance to send market data requests before the deadline");
  }
  if (market_data_type_ != market_data_type) {
    if (auto sent = send(tws::ReqMarketDataType{market_data_type}, deadline); !sent) return sent;
    market_data_type_ = market_data_type;
  }
  return send(request, deadline);
}

core::Result<void> Session::send_heartbeat(Deadline deadline) {
  ++unanswered_heartbeats_;
  return send(tws::ReqCurrentTime{}, deadline);
}

void Session::close(const std::string& reason) {
  {
    std::lock_guard lock(state_mu_);
    if (close_reason_.empty()) close_reason_ = reason;
  }
  closed_ = true;
  stream_.shutdown();
}

void Session::shut_down(const std::string& reason) {
  close(reason);
  if (reader_.joinable()) {
    if (reader_.get_id() == std::this_thread::get_id()) {
      reader_.detach();
    } else {
      reader_.join();
    }
  }
}

void Session::start_reader(tws::FrameDecoder decoder) {
  reader_ = std::thread([this, d = std::move(decoder)]() mutable { read_loop(std::move(d)); });
}

void Session::read_loop(tws::FrameDecoder decoder) {
  std::string reason = "connection closed by the gateway";
  std::vector<char> buffer(64 * 1024);
  for (bool running = true; running;) {
    for (;;) {  // every whole frame already buffered
      auto frame = decoder.next();
      if (!frame) {
        reason = "unreadable data from the gateway: " + frame.error().message;
        running = false;
        break;
      }
      if (!frame->has_value()) break;
      log_frame("tws answer", **frame);
      auto message = tws::decode_incoming(**frame, server_version_);
      if (!message) {
        log::warn("undecodable gateway message skipped", {{"error", message.error().message}});
        continue;
      }
      handle(std::move(*message));
    }
    if (!running) break;
    auto read = stream_.read_some(buffer.data(), buffer.size(), net::kNoDeadline);
    if (!read) {
      reason = read.error().message;
      break;
    }
    if (read->status == net::ReadStatus::kEof) break;
    if (read->status == net::ReadStatus::kData) {
      decoder.feed(std::string_view(buffer.data(), read->bytes));
    }
  }
  {
    std::lock_guard lock(state_mu_);
    if (close_reason_.empty()) close_reason_ = reason;
    reason = close_reason_;
    closed_ = true;
  }
  registry_.close(core::unavailable("connection to IB Gateway lost: " + reason));
  state_cv_.notify_all();
  if (events_.on_closed) events_.on_closed(reason);
}

void Session::handle(tws::Incoming message) {
  std::visit(Overloaded{
                 [&](const tws::NextValidId& m) {
                   std::lock_guard lock(state_mu_);
                   next_valid_id_ = m.order_id;
                   auto current = id_counter_.load();
                   while (current < m.order_id &&
                          !id_counter_.compare_exchange_weak(current, m.order_id)) {
                   }
                   state_cv_.notify_all();
                 },
                 [&](const tws::ManagedAccounts& m) {
                   std::lock_guard lock(state_mu_);
                   accounts_ = m.accounts;
                   state_cv_.notify_all();
                 },
                 [&](const tws::CurrentTime&) {
                   unanswered_heartbeats_ = 0;
                   if (events_.on_heartbeat_answer) events_.on_heartbeat_answer();
                 },
                 [&](const tws::ErrorMessage& m) {
                   if (m.id < 0) handle_system_error(m);
                 },
                 [](const auto&) {},
             },
             message);
  if (!registry_.dispatch(message)) {
    if (const auto* error = std::get_if<tws::ErrorMessage>(&message); error && error->id >= 0) {
      log::info("gateway message for no pending request",
                {{"id", error->id}, {"code", error->code}, {"text", error->message}});
    }
  }
}

void Session::handle_system_error(const tws::ErrorMessage& error) {
  if (error.code == kConnectivityLost || error.code == kConnectivityRestoredDataLost ||
      error.code == kMarketDataFarmBroken) {
    ++market_data_breaks_;
  }
  switch (error.code) {
    case kClientIdInUse: {
      log::warn("client id already in use", {{"client_id", client_id_}});
      std::lock_guard lock(state_mu_);
      client_id_in_use_ = true;
      state_cv_.notify_all();
      return;
    }
    case kConnectivityLost:
      log::warn("IB Gateway lost its connection to IB", {{"code", error.code}});
      // The owner hears first, so a failed call already sees the link down in its status.
      if (events_.on_connectivity) events_.on_connectivity(error.code, error.message);
      registry_.fail_all(core::unavailable("IB Gateway lost its connection to IB (1100)"));
      return;
    case kConnectivityRestoredDataLost:
    case kConnectivityRestoredDataKept:
      log::info("IB Gateway connection to IB restored",
                {{"code", error.code}, {"text", error.message}});
      break;
    default:
      if (is_notice(error.code)) {
        log::info("gateway notice", {{"code", error.code}, {"text", error.message}});
      } else {
        log::warn("gateway error", {{"code", error.code}, {"text", error.message}});
      }
      return;
  }
  if (events_.on_connectivity) events_.on_connectivity(error.code, error.message);
}

std::optional<ConnectFailure> Session::wait_ready(Deadline deadline) {
  std::unique_lock lock(state_mu_);
  const bool settled = state_cv_.wait_until(lock, deadline, [&] {
    return client_id_in_use_ || closed_ || (next_valid_id_ && !accounts_.empty());
  });
  if (client_id_in_use_) {
    return ConnectFailure{core::unavailable("client id " + std::to_string(client_id_) +
                                            " is already in use (TWS 326)"),
                          true};
  }
  if (settled && next_valid_id_ && !accounts_.empty()) return std::nullopt;
  if (closed_)
    return failure("the gateway closed the connection during start-up: " + close_reason_);
  return failure("no nextValidId and managedAccounts from the gateway before the deadline");
}

}  // namespace ep::tws_client
