// libFuzzer target for the TWS codec: the frame decoder, the client-hello decoder,
// decode_server_hello, decode_incoming and decode_request. Input: byte 0 picks the server
// version (176/177/178) and how the stream is split into reads; the rest is the byte stream
// (normally length-prefixed frames, see fuzz/corpus/tws). Besides "no crash, no UB, no
// out-of-bounds read", it checks one property: whatever decodes re-encodes to fields that
// decode to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tws/frame.hpp"
#include "tws/handshake.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace {

void check_incoming(const ep::tws::Fields& fields, int version) {
  auto decoded = ep::tws::decode_incoming(fields, version);
  if (!decoded.ok()) return;
  auto again = ep::tws::decode_incoming(ep::tws::encode(*decoded, version), version);
  if (!again.ok() || !(*again == *decoded)) __builtin_trap();
}

void check_request(const ep::tws::Fields& fields, int version) {
  auto decoded = ep::tws::decode_request(fields, version);
  if (!decoded.ok()) return;
  auto again = ep::tws::decode_request(ep::tws::encode(*decoded, version), version);
  if (!again.ok() || !(*again == *decoded)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int version = 176 + data[0] % 3;
  const std::size_t chunk = 1 + (data[0] / 3) % 16;  // bytes per feed(): 1..16
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  ep::tws::ClientHelloDecoder hello;
  hello.feed(stream);
  if (auto h = hello.next(); h.ok() && *h) {
    (void)ep::tws::negotiate_version(**h);
    (void)hello.take_rest();
  }

  ep::tws::FrameDecoder frames(4096);
  for (std::size_t at = 0; at < stream.size(); at += chunk) {
    frames.feed(stream.substr(at, chunk));
    for (int guard = 0; guard < 1000; ++guard) {
      auto next = frames.next();
      if (!next.ok() || !*next) break;
      const ep::tws::Fields& fields = **next;
      (void)ep::tws::decode_server_hello(fields);
      check_incoming(fields, version);
      check_request(fields, version);
    }
    if (frames.failed()) break;
  }
  return 0;
}
