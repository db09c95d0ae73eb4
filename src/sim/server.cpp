#include "sim/server.hpp"

#include <asio.hpp>

#include <future>
#include <thread>

#include "logging/log.hpp"
#include "sim/hub.hpp"

namespace ep::sim {

struct Server::Impl {
  Impl(Scenario scenario, const ServerOptions& options)
      : work(asio::make_work_guard(io)),
        acceptor(io),
        hub(io, std::move(scenario), options.scenario_path, options.ledger_path) {}

  void accept() {
    acceptor.async_accept([this](asio::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) {
        if (ec != asio::error::operation_aborted)
          log::warn("ibsim: accept failed", {{"error", ec.message()}});
        if (!acceptor.is_open()) return;
      } else if (hub.refusing_connections()) {
        asio::error_code ignored;
        socket.close(ignored);  // a gateway restart: the connection is dropped at once
      } else {
        // Each answer is several small frames written one by one; without TCP_NODELAY the
        // second waits for the client's delayed ACK (~40 ms), which IB Gateway does not add.
        asio::error_code ignored;
        socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        hub.add_session(std::make_shared<Session>(std::move(socket), hub, ++next_session_id));
      }
      accept();
    });
  }

  // Runs fn on the I/O thread and waits for it.
  template <class Fn>
  auto run_sync(Fn fn) -> decltype(fn()) {
    using R = decltype(fn());
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    auto future = task->get_future();
    asio::post(io, [task] { (*task)(); });
    if (future.wait_for(std::chrono::seconds{10}) != std::future_status::ready) {
      throw std::runtime_error("ibsim I/O thread did not answer within 10 s");
    }
    return future.get();
  }

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  asio::ip::tcp::acceptor acceptor;
  Hub hub;
  std::uint64_t next_session_id = 0;
  std::thread thread;
  int port = 0;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  stop();
}

core::Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options,
                                                    Scenario scenario) {
  auto impl = std::make_unique<Impl>(std::move(scenario), options);
  if (auto ledger = impl->hub.open_ledger(); !ledger) return ledger.error();
  asio::error_code ec;
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(options.port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::unavailable("cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " +
                             ec.message());
  }
  impl->port = impl->acceptor.local_endpoint().port();
  impl->accept();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const {
  return impl_->port;
}

std::string Server::ledger_path() const {
  return impl_->hub.ledger_path();
}

void Server::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] {
    asio::error_code ignored;
    impl->acceptor.close(ignored);
    impl->hub.close_all("ibsim stopping");
    impl->work.reset();
    impl->io.stop();
  });
  impl_->thread.join();
}

nlohmann::json Server::state() {
  return impl_->run_sync([this] { return impl_->hub.control().state(); });
}

nlohmann::json Server::ledger() {
  return impl_->run_sync([this] { return impl_->hub.control().ledger_json(); });
}

nlohmann::json Server::faults() {
  return impl_->run_sync([this] { return impl_->hub.control().faults_json(); });
}

core::Result<nlohmann::json> Server::apply_faults(const nlohmann::json& json) {
  return impl_->run_sync([this, &json] { return impl_->hub.control().apply_faults(json); });
}

core::Result<void> Server::reset() {
  return impl_->run_sync([this] { return impl_->hub.control().reset(); });
}

core::Result<void> Server::move_prices(const nlohmann::json& json) {
  return impl_->run_sync([this, &json] { return impl_->hub.control().move_prices(json); });
}

}  // namespace ep::sim
