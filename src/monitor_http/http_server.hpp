// The management API's HTTP/1.1 transport over libmicrohttpd (docs/architecture.md
// "Management API transport"): one I/O thread on epoll holds every connection, so a slow or
// idle client costs no thread; handlers run on a WorkerPool while their connection is
// suspended, except the Router's immediate routes (/health/live), answered on the I/O thread.
// Limits, all enforced while reading: request line and headers within the connection's memory
// (431/414 beyond), a count of header fields, a body size whatever the transfer encoding, no
// Content-Encoding (request bodies are never decompressed), and the ConnectionRegistry's
// deadline and caps. A change the Router refuses from its headers alone is answered before its
// body is read. Start and stop from one thread; the Router must outlive the server.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "monitor_http/connection_registry.hpp"
#include "monitor_http/router.hpp"
#include "monitor_http/worker_pool.hpp"

struct MHD_Daemon;
struct MHD_Connection;

namespace ep::monitor_http {

struct HttpLimits {
  std::size_t max_body_bytes = 64 * 1024;
  // Per connection: the request line and headers must fit in it with room to spare.
  std::size_t connection_memory_bytes = 32 * 1024;
  std::size_t max_header_fields = 100;
  ConnectionLimits connections;
  std::size_t workers = 4;
};

class HttpServer {
 public:
  // on_cut: told of each connection the limits cut or refuse (ConnectionRegistry::Hooks).
  HttpServer(const Router& router, HttpLimits limits,
             std::function<void(CutReason, const std::string& client)> on_cut = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on bind_address:port (0: a free port) and serves; returns the bound port. The
  // socket listens when this returns. Error (unavailable) when the address cannot be bound.
  core::Result<int> start(const std::string& bind_address, int port);
  // Lets the handlers already running answer, then closes every connection; idempotent.
  void stop();

  // Library callbacks (http_server.cpp); public only so the C callbacks can reach them.
  struct Exchange;
  int on_request(MHD_Connection* connection, const char* url, const char* method,
                 const char* upload_data, std::size_t* upload_data_size, void** request_state);
  bool on_accept(const std::string& client);
  void on_connection(MHD_Connection* connection, bool opened);
  void on_completed(MHD_Connection* connection, void** request_state);

 private:
  bool read_head(MHD_Connection* connection, const char* url, const char* method,
                 Exchange& exchange) const;
  static int answer(MHD_Connection* connection, const ApiResponse& response);

  const Router& router_;
  HttpLimits limits_;
  ConnectionRegistry registry_;
  std::unique_ptr<WorkerPool> workers_;
  std::thread deadlines_;
  MHD_Daemon* daemon_ = nullptr;
};

}  // namespace ep::monitor_http
