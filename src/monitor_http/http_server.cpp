#include "monitor_http/http_server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>
#include <utility>

#include "logging/log.hpp"
#include "monitor_http/percent_decoding.hpp"

namespace ep::monitor_http {

// One request on its way through the server: the head, then the body, then the answer.
struct HttpServer::Exchange {
  ApiRequest request;
  ApiResponse response;
  bool answered = false;   // response is final: send it on the next call
  bool too_large = false;  // the body passed the limit: the rest is read and dropped
};

namespace {

std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address == nullptr) return {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof text);
  }
  return text;
}

MHD_Result collect_header(void* target, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(target);
  headers->emplace_back(key ? key : "", value ? value : "");
  return MHD_YES;
}

MHD_Result collect_param(void* target, MHD_ValueKind, const char* key, const char* value) {
  auto* params = static_cast<std::multimap<std::string, std::string>*>(target);
  params->emplace(percent_decode(key ? key : "", true), percent_decode(value ? value : "", true));
  return MHD_YES;
}

// The library would decode the path and query in place, where a %00 ends the C string; keep
// them as sent and decode with percent_decode, which keeps every byte.
size_t keep_escaped(void*, MHD_Connection*, char* text) {
  return std::strlen(text);
}

MHD_Result request_trampoline(void* self, MHD_Connection* connection, const char* url,
                              const char* method, const char*, const char* upload_data,
                              size_t* upload_data_size, void** request_state) {
  return static_cast<HttpServer*>(self)->on_request(connection, url, method, upload_data,
                                                    upload_data_size, request_state)
             ? MHD_YES
             : MHD_NO;
}

MHD_Result accept_trampoline(void* self, const sockaddr* address, socklen_t) {
  return static_cast<HttpServer*>(self)->on_accept(address_text(address)) ? MHD_YES : MHD_NO;
}

void connection_trampoline(void* self, MHD_Connection* connection, void**,
                           MHD_ConnectionNotificationCode code) {
  static_cast<HttpServer*>(self)->on_connection(connection, code == MHD_CONNECTION_NOTIFY_STARTED);
}

void completed_trampoline(void* self, MHD_Connection* connection, void** request_state,
                          MHD_RequestTerminationCode) {
  static_cast<HttpServer*>(self)->on_completed(connection, request_state);
}

bool too_long_for(const std::string& content_length, std::size_t limit) {
  std::size_t value = 0;
  const char* begin = content_length.data();
  const char* end = begin + content_length.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  // An unreadable length is the library's to refuse; an overflowing one is too long.
  return ec == std::errc::result_out_of_range || (ec == std::errc() && value > limit);
}

}  // namespace

HttpServer::HttpServer(const Router& router, HttpLimits limits,
                       std::function<void(CutReason, const std::string& client)> on_cut)
    : router_(router),
      limits_(limits),
      registry_(limits.connections, ConnectionRegistry::Hooks{{}, std::move(on_cut), {}}) {}

HttpServer::~HttpServer() {
  stop();
}

core::Result<int> HttpServer::start(const std::string& bind_address, int port) {
  if (daemon_) return core::internal_error("HTTP server already started");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string where = bind_address + ":" + std::to_string(port);
  if (getaddrinfo(bind_address.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return core::unavailable("cannot resolve the bind address " + where);
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);

  workers_ = std::make_unique<WorkerPool>(limits_.workers);
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  if (address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  // The library's own cap sits above the registry's: connections the registry has cut close
  // on the I/O thread's next turn and still count there until then.
  const auto library_cap = static_cast<unsigned int>(limits_.connections.max_connections + 64);
  const auto idle_seconds =
      static_cast<unsigned int>((limits_.connections.request_deadline.count() + 999) / 1000);
  daemon_ = MHD_start_daemon(
      flags, static_cast<std::uint16_t>(port), accept_trampoline, this, request_trampoline, this,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address), MHD_OPTION_CONNECTION_LIMIT,
      library_cap, MHD_OPTION_CONNECTION_TIMEOUT, idle_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      limits_.connection_memory_bytes, MHD_OPTION_NOTIFY_CONNECTION, connection_trampoline, this,
      MHD_OPTION_NOTIFY_COMPLETED, completed_trampoline, this, MHD_OPTION_UNESCAPE_CALLBACK,
      keep_escaped, nullptr, MHD_OPTION_END);
  if (daemon_ == nullptr) {
    workers_->stop();
    workers_.reset();
    return core::unavailable("cannot listen on " + where);
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  const int bound = info ? static_cast<int>(info->port) : port;
  deadlines_ = std::thread([this] { registry_.run_deadlines(); });
  return bound;
}

void HttpServer::stop() {
  if (daemon_ == nullptr) return;
  // Handlers already posted answer and resume their connections; requests arriving meanwhile
  // get a 503 on the I/O thread (post() refuses), so no connection stays suspended.
  workers_->stop();
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  registry_.stop();
  if (deadlines_.joinable()) deadlines_.join();
  workers_.reset();
}

bool HttpServer::on_accept(const std::string& client) {
  return registry_.make_room(client);
}

void HttpServer::on_connection(MHD_Connection* connection, bool opened) {
  if (!opened) {
    registry_.closed(connection);
    return;
  }
  const MHD_ConnectionInfo* fd_info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  const MHD_ConnectionInfo* address_info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const int fd = fd_info ? fd_info->connect_fd : -1;
  // No answer may wait for Nagle's timer (about 40 ms per keep-alive answer under httplib).
  // libmicrohttpd 0.9.75 already corks and flushes each answer itself (measured: the same
  // latency without this line); set it anyway so a change in the library cannot bring it back.
  const int yes = 1;
  if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  registry_.opened(connection, fd,
                   address_text(address_info ? address_info->client_addr : nullptr));
}

void HttpServer::on_completed(MHD_Connection* connection, void** request_state) {
  delete static_cast<Exchange*>(*request_state);
  *request_state = nullptr;
  registry_.answered(connection);
}

bool HttpServer::read_head(MHD_Connection* connection, const char* url, const char* method,
                           Exchange& exchange) const {
  ApiRequest& request = exchange.request;
  request.method = method ? method : "";
  request.path = percent_decode(url ? url : "", false);
  const MHD_ConnectionInfo* address_info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  request.remote_addr = address_text(address_info ? address_info->client_addr : nullptr);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &request.headers);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_param, &request.params);

  ApiResponse& refusal = exchange.response;
  if (request.headers.size() > limits_.max_header_fields) {
    send_detail(refusal, 431,
                "more than " + std::to_string(limits_.max_header_fields) + " header fields");
    return false;
  }
  const std::string encoding = request.get_header_value("Content-Encoding");
  if (!encoding.empty() && !equals_ignoring_case(encoding, "identity")) {
    send_detail(refusal, 415,
                "request bodies are not decompressed: send them without "
                "Content-Encoding");
    return false;
  }
  if (request.has_header("Transfer-Encoding") &&
      !equals_ignoring_case(request.get_header_value("Transfer-Encoding"), "chunked")) {
    send_detail(refusal, 501, "the only transfer encoding accepted is chunked");
    return false;
  }
  if (too_long_for(request.get_header_value("Content-Length"), limits_.max_body_bytes)) {
    send_detail(refusal, 413,
                "request body larger than " + std::to_string(limits_.max_body_bytes) + " bytes");
    return false;
  }
  return router_.admit(request, refusal);
}

int HttpServer::answer(MHD_Connection* connection, const ApiResponse& response) {
  MHD_Response* out = MHD_create_response_from_buffer(
      response.body.size(), const_cast<char*>(response.body.data()), MHD_RESPMEM_MUST_COPY);
  if (out == nullptr) return false;
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(out, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned int>(response.status), out);
  MHD_destroy_response(out);
  return queued == MHD_YES;
}

int HttpServer::on_request(MHD_Connection* connection, const char* url, const char* method,
                           const char* upload_data, std::size_t* upload_data_size,
                           void** request_state) {
  auto* exchange = static_cast<Exchange*>(*request_state);
  if (exchange == nullptr) {  // the head has arrived, the body (if any) has not been read
    exchange = new Exchange;
    *request_state = exchange;
    if (!read_head(connection, url, method, *exchange)) {
      exchange->answered = true;
      return answer(connection, exchange->response);  // the body is never read
    }
    return true;
  }
  if (*upload_data_size > 0) {
    const std::size_t size = *upload_data_size;
    *upload_data_size = 0;
    if (exchange->too_large) return true;
    if (exchange->request.body.size() + size > limits_.max_body_bytes) {
      // Chunked bodies announce no length: drop what follows (the request deadline bounds
      // how long that may take) and answer 413 once the body has ended.
      exchange->too_large = true;
      exchange->request.body.clear();
      exchange->request.body.shrink_to_fit();
      return true;
    }
    exchange->request.body.append(upload_data, size);
    return true;
  }
  if (exchange->answered) {  // back from a worker
    registry_.set_busy(connection, false);
    return answer(connection, exchange->response);
  }
  if (exchange->too_large) {
    send_detail(exchange->response, 413,
                "request body larger than " + std::to_string(limits_.max_body_bytes) + " bytes");
    return answer(connection, exchange->response);
  }
  if (router_.immediate(exchange->request)) {
    router_.dispatch(exchange->request, exchange->response);
    return answer(connection, exchange->response);
  }
  registry_.set_busy(connection, true);
  MHD_suspend_connection(connection);
  const bool posted = workers_->post([this, connection, exchange] {
    router_.dispatch(exchange->request, exchange->response);
    exchange->answered = true;
    MHD_resume_connection(connection);
  });
  if (!posted) {  // stopping
    send_detail(exchange->response, 503, "the service is stopping");
    exchange->answered = true;
    MHD_resume_connection(connection);
  }
  return true;
}

}  // namespace ep::monitor_http
