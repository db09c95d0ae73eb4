#include "tws_client/testing/scripted_server.hpp"

#include "tws/frame.hpp"
#include "tws/handshake.hpp"

namespace ep::tws_client::testing {
namespace {

net::Deadline soon() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(2);
}

}  // namespace

Peer::Peer(net::TcpStream stream, int server_version)
    : stream_(std::move(stream)), server_version_(server_version) {}

void Peer::send(const tws::Incoming& message) {
  const std::string frame = tws::encode_frame(tws::encode(message, server_version_));
  std::lock_guard lock(mu_);
  static_cast<void>(stream_.write_all(frame, soon()));
}

void Peer::send_error(std::int64_t id, int code, const std::string& text) {
  tws::ErrorMessage error;
  error.id = id;
  error.code = code;
  error.message = text;
  send(error);
}

void Peer::close() {
  stream_.shutdown();
}

tws::Incoming tick_price(int req_id, int tick_type, double price) {
  tws::TickPrice tick;
  tick.req_id = req_id;
  tick.tick_type = tick_type;
  tick.price = price;
  tick.size = tws::Decimal::of(100);
  return tick;
}

void answer_contract_details(Peer& peer, const tws::ReqContractDetails& request,
                             std::int64_t con_id, double min_tick) {
  tws::ContractDetails details;
  details.req_id = request.req_id;
  details.contract = request.contract;
  details.contract.con_id = con_id;
  details.contract.primary_exchange = "ARCA";
  details.time_zone_id = "US/Eastern";
  details.min_tick = min_tick;
  peer.send(details);
  peer.send(tws::ContractDetailsEnd{request.req_id});
}

tws::OpenOrder open_order(std::int64_t id, const std::string& symbol, const std::string& account,
                          const std::string& status, int client_id) {
  tws::OpenOrder message;
  message.contract.symbol = symbol;
  message.order.order_id = id;
  message.order.perm_id = 9000 + id;
  message.order.client_id = client_id;
  message.order.account = account;
  message.order.action = "BUY";
  message.order.total_quantity = tws::Decimal::of(10);
  message.order.order_ref = "ref" + std::to_string(id);
  message.state.status = status;
  return message;
}

ScriptedTwsServer::ScriptedTwsServer(Options options) : options_(std::move(options)) {
  auto listener = net::TcpListener::bind("127.0.0.1", 0);
  if (!listener) throw std::runtime_error("scripted server: " + listener.error().message);
  listener_ = std::move(*listener);
  port_ = listener_.port();
  thread_ = std::thread([this] { run(); });
}

ScriptedTwsServer::~ScriptedTwsServer() {
  stopping_ = true;
  listener_.shutdown();
  drop_connection();
  if (thread_.joinable()) thread_.join();
}

void ScriptedTwsServer::set_script(Script script) {
  std::lock_guard lock(mu_);
  script_ = std::move(script);
}

void ScriptedTwsServer::set_answer_heartbeats(bool answer) {
  std::lock_guard lock(mu_);
  options_.answer_heartbeats = answer;
}

void ScriptedTwsServer::set_client_ids_in_use(std::set<int> ids) {
  std::lock_guard lock(mu_);
  options_.client_ids_in_use = std::move(ids);
}

std::vector<ReceivedRequest> ScriptedTwsServer::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

bool ScriptedTwsServer::wait_until(
    const std::function<bool(const std::vector<ReceivedRequest>&)>& ready,
    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return ready(received_); });
}

int ScriptedTwsServer::connections() const {
  std::lock_guard lock(mu_);
  return connections_;
}

std::vector<int> ScriptedTwsServer::start_api_client_ids() const {
  std::lock_guard lock(mu_);
  return client_ids_;
}

std::shared_ptr<Peer> ScriptedTwsServer::peer() const {
  std::lock_guard lock(mu_);
  return peer_;
}

void ScriptedTwsServer::drop_connection() {
  if (auto current = peer()) current->close();
}

void ScriptedTwsServer::run() {
  while (!stopping_) {
    auto accepted = listener_.accept(net::kNoDeadline);
    if (!accepted || !accepted->has_value()) return;
    int connection = 0;
    {
      std::lock_guard lock(mu_);
      connection = ++connections_;
    }
    cv_.notify_all();
    serve(std::move(**accepted), connection);
  }
}

void ScriptedTwsServer::serve(net::TcpStream stream, int connection) {
  std::vector<char> buffer(64 * 1024);
  tws::ClientHelloDecoder hello_decoder;
  std::optional<tws::ClientHello> hello;
  while (!hello) {
    auto read = stream.read_some(buffer.data(), buffer.size(), soon());
    if (!read || read->status != net::ReadStatus::kData) return;
    hello_decoder.feed(std::string_view(buffer.data(), read->bytes));
    auto next = hello_decoder.next();
    if (!next) return;
    hello = *next;
  }
  int version = 0;
  if (options_.reply_version) {
    version = *options_.reply_version;
  } else {
    auto negotiated = tws::negotiate_version(*hello);
    if (!negotiated) return;
    version = *negotiated;
  }
  const std::string reply = tws::encode_frame(
      tws::encode_server_hello(tws::ServerHello{version, "20250722 10:00:00 EST"}));
  if (!stream.write_all(reply, soon())) return;
  auto peer = std::make_shared<Peer>(std::move(stream), version);
  {
    std::lock_guard lock(mu_);
    peer_ = peer;
  }
  tws::FrameDecoder frames;
  frames.feed(hello_decoder.take_rest());
  for (;;) {
    for (;;) {
      auto frame = frames.next();
      if (!frame || !frame->has_value()) break;
      auto request = tws::decode_request(**frame, version);
      if (request) handle(*peer, connection, *request);
    }
    if (frames.failed()) break;
    auto read = peer->stream().read_some(buffer.data(), buffer.size(), net::kNoDeadline);
    if (!read || read->status != net::ReadStatus::kData) break;
    frames.feed(std::string_view(buffer.data(), read->bytes));
  }
  std::lock_guard lock(mu_);
  if (peer_ == peer) peer_.reset();
}

void ScriptedTwsServer::handle(Peer& peer, int connection, const tws::Request& request) {
  Script script;
  bool answer_heartbeats = false;
  bool id_in_use = false;
  {
    std::lock_guard lock(mu_);
    received_.push_back(ReceivedRequest{std::chrono::steady_clock::now(), connection, request});
    if (const auto* start = std::get_if<tws::StartApi>(&request)) {
      client_ids_.push_back(start->client_id);
    }
    script = script_;
    answer_heartbeats = options_.answer_heartbeats;
    if (const auto* start = std::get_if<tws::StartApi>(&request)) {
      id_in_use = options_.client_ids_in_use.count(start->client_id) > 0;
    }
  }
  cv_.notify_all();
  if (const auto* start = std::get_if<tws::StartApi>(&request)) {
    peer.set_client_id(start->client_id);
    if (id_in_use) {
      peer.send_error(-1, 326,
                      "Unable to connect as the client id is already in use. Retry with a "
                      "unique client id.");
      peer.close();
      return;
    }
    if (!options_.answer_start_api) return;
    peer.send(tws::ManagedAccounts{options_.accounts});
    peer.send(tws::NextValidId{options_.next_valid_id});
    peer.send_error(-1, 2104, "Market data farm connection is OK:usfarm");
    return;
  }
  if (std::holds_alternative<tws::ReqCurrentTime>(request)) {
    if (answer_heartbeats) peer.send(tws::CurrentTime{1753192800});
    return;
  }
  if (script) script(peer, request);
}

}  // namespace ep::tws_client::testing
