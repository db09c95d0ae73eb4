// The TWS handshake (docs/tws-wire-protocol.md §3.1-3.3): the client's "API\0" + length +
// "v<min>..<max>" hello, the server's 2-field reply (version, connection time) and the version
// choice. The client side uses encode_client_hello/decode_server_hello; the simulator uses
// ClientHelloDecoder/negotiate_version/encode_server_hello. I/O-free; a ClientHelloDecoder
// belongs to one connection's reader thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tws/frame.hpp"

namespace ep::tws {

constexpr int kMinServerVersion = 176;
constexpr int kMaxServerVersion = 178;

// "API\0" + 4-byte length + "v176..178" ("v178" when min == max), then " <options>" if any.
std::string encode_client_hello(int min_version, int max_version, std::string_view options = "");

struct ClientHello {
  int min_version = 0;
  int max_version = 0;
  std::string options;
  bool operator==(const ClientHello&) const = default;
};

class ClientHelloDecoder {
 public:
  void feed(std::string_view bytes);
  // nullopt until the whole hello is buffered; a wrong prefix, an absurd length or a malformed
  // version string is an error after which the decoder stays failed.
  core::Result<std::optional<ClientHello>> next();
  // Bytes that arrived after the hello (normal frames, e.g. startApi); empties the buffer.
  std::string take_rest();

 private:
  std::string buffer_;
  std::optional<core::Error> failed_;
  bool done_ = false;
};

// Parses "v176..178 +OPT" / "v178" (the text after the length).
core::Result<ClientHello> parse_version_range(std::string_view text);

struct ServerHello {
  int server_version = 0;
  std::string connection_time;  // opaque bytes (may be GB2312 etc.): never validated
  bool operator==(const ServerHello&) const = default;
};

// Exactly 2 fields; the version must lie in [min_version, max_version], otherwise
// "unsupported server version N" (the client must then close the socket).
core::Result<ServerHello> decode_server_hello(const Fields& fields,
                                              int min_version = kMinServerVersion,
                                              int max_version = kMaxServerVersion);
core::Result<void> check_server_version(int version, int min_version = kMinServerVersion,
                                        int max_version = kMaxServerVersion);

// Server side: min(client max, our max) if it is not below max(client min, our min).
core::Result<int> negotiate_version(const ClientHello& hello, int server_min = kMinServerVersion,
                                    int server_max = kMaxServerVersion);
Fields encode_server_hello(const ServerHello& hello);

}  // namespace ep::tws
