#include "sim/session.hpp"

#include <date/date.h>
#include <date/tz.h>

#include "logging/log.hpp"
#include "sim/hub.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {
namespace {

// "20261127 10:00:00 EST": what TWS sends as the connection time (clients never parse it).
std::string connection_time() {
  const date::time_zone* tz = date::locate_zone("America/New_York");
  auto zoned =
      date::make_zoned(tz, date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  return date::format("%Y%m%d %H:%M:%S %Z", zoned);
}

}  // namespace

Session::Session(asio::ip::tcp::socket socket, Hub& hub, std::uint64_t id)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), hub_(hub), id_(id) {}

void Session::start() {
  read();
}

void Session::read() {
  socket_.async_read_some(
      asio::buffer(read_buffer_), [self = shared_from_this()](asio::error_code ec, std::size_t n) {
        if (!self->open_) return;
        if (ec) {
          self->close(ec == asio::error::eof ? "peer closed the connection" : ec.message());
          return;
        }
        self->on_bytes(std::string_view(self->read_buffer_.data(), n));
        if (self->open_) self->read();
      });
}

void Session::on_bytes(std::string_view bytes) {
  if (!hello_done_) {
    hello_.feed(bytes);
    auto hello = hello_.next();
    if (!hello) {
      close("bad handshake: " + hello.error().message);
      return;
    }
    if (!hello->has_value()) return;
    auto version = tws::negotiate_version(**hello);
    if (!version) {
      close("version ranges do not meet: " + version.error().message);
      return;
    }
    server_version_ = *version;
    hello_done_ = true;
    outbox_.push_back(
        tws::encode_frame(tws::encode_server_hello({server_version_, connection_time()})));
    write_next();
    frames_.feed(hello_.take_rest());
  } else {
    frames_.feed(bytes);
  }
  while (open_) {
    auto frame = frames_.next();
    if (!frame) {
      close("bad frame: " + frame.error().message);
      return;
    }
    if (!frame->has_value()) return;
    on_frame(**frame);
  }
}

void Session::on_frame(const tws::Fields& fields) {
  const FaultPlan& plan = hub_.fault_plan();
  PacingMeter& meter = plan.pacing_per_gateway ? hub_.gateway_pacing() : pacing_;
  const auto verdict =
      meter.on_message(std::chrono::steady_clock::now(), plan.pacing_max_per_second,
                       plan.pacing_disconnect_after_seconds);
  if (verdict != PacingMeter::Verdict::kOk) {
    hub_.count_pacing_error();
    send_error(-1, 100,
               "Max rate of messages per second has been exceeded:max=" +
                   std::to_string(plan.pacing_max_per_second));
  }
  if (verdict == PacingMeter::Verdict::kDisconnect) {
    // The error goes out first; the request that crossed the line is not answered.
    close_after_flush("pacing: sustained excess");
    return;
  }
  auto request = tws::decode_request(fields, server_version_);
  if (!request) {
    log::warn("ibsim: undecodable request", {{"session", id_}, {"error", request.error().message}});
    return;
  }
  hub_.on_request(*this, *request);
}

void Session::send(const tws::Incoming& message) {
  if (!open_ || closing_after_flush_) return;
  outbox_.push_back(tws::encode_frame(tws::encode(message, server_version_)));
  write_next();
  if (message_budget_ && --*message_budget_ <= 0) {
    message_budget_.reset();
    close_after_flush("fault: close_after_messages");
  }
}

void Session::send_error(std::int64_t id, int code, std::string text) {
  send(tws::ErrorMessage{id, code, std::move(text), ""});
}

void Session::write_next() {
  if (!open_ || writing_) return;
  if (outbox_.empty()) {
    if (closing_after_flush_) close("closed after flush");
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(outbox_.front()),
                    [self = shared_from_this()](asio::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (!self->open_) return;
                      if (ec) {
                        self->close("write failed: " + ec.message());
                        return;
                      }
                      self->outbox_.pop_front();
                      self->write_next();
                    });
}

void Session::post_in_order(int delay_ms, std::function<void()> fn) {
  if (!open_) return;
  auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds{delay_ms};
  if (delayed_.empty()) {
    if (delay_ms <= 0) {
      fn();
      return;
    }
    delayed_.push_back({due, std::move(fn)});
    arm_timer();
    return;
  }
  delayed_.push_back({std::max(due, delayed_.back().due), std::move(fn)});
}

void Session::arm_timer() {
  timer_.expires_at(delayed_.front().due);
  timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
    if (!ec && self->open_) self->run_due();
  });
}

void Session::run_due() {
  const auto now = std::chrono::steady_clock::now();
  while (open_ && !delayed_.empty() && delayed_.front().due <= now) {
    auto fn = std::move(delayed_.front().fn);
    delayed_.pop_front();
    fn();
  }
  if (open_ && !delayed_.empty()) arm_timer();
}

void Session::close_after_flush(std::string_view reason) {
  if (!open_ || closing_after_flush_) return;
  log::info("ibsim: closing connection after flush",
            {{"session", id_}, {"reason", std::string(reason)}});
  closing_after_flush_ = true;
  write_next();
}

void Session::close(std::string_view reason) {
  if (!open_) return;
  open_ = false;
  log::info("ibsim: connection closed",
            {{"session", id_}, {"client_id", client_id()}, {"reason", std::string(reason)}});
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  timer_.cancel();
  delayed_.clear();
  outbox_.clear();
  hub_.on_closed(*this);
}

}  // namespace ep::sim
