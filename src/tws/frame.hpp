// Framing of the TWS socket protocol (docs/tws-wire-protocol.md §2.1): every message is a 4-byte
// big-endian body length followed by NUL-terminated text fields. encode_frame builds one;
// FrameDecoder splits an incremental byte stream into whole messages. I/O-free; a FrameDecoder
// belongs to one thread (the connection's reader), the free functions are pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ep::tws {

using Fields = std::vector<std::string>;

// The official maximum body length (IB's MAX_MSG_LEN).
constexpr std::size_t kMaxFrameBody = 0xFFFFFF;

// 4-byte length + each field followed by NUL. Fields must not contain NUL (not checked here:
// the codec never produces one; a NUL would just split the field on the other side).
std::string encode_frame(const Fields& fields);

// Body only (fields each followed by NUL), for tests and the handshake.
std::string encode_body(const Fields& fields);

// Splits a body (without the length prefix) into its fields; the body must end with NUL.
core::Result<Fields> split_body(std::string_view body);

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_body = kMaxFrameBody);

  // Appends bytes read from the socket.
  void feed(std::string_view bytes);

  // The next whole message, nullopt while incomplete. A length above max_body is an error
  // after which the decoder stays failed (the stream cannot be resynchronised). A body that
  // does not end with NUL is an error for that frame only (it is consumed).
  core::Result<std::optional<Fields>> next();

  bool failed() const { return failed_.has_value(); }
  std::size_t buffered() const { return buffer_.size() - offset_; }

 private:
  std::size_t max_body_;
  std::string buffer_;
  std::size_t offset_ = 0;
  std::optional<core::Error> failed_;
};

}  // namespace ep::tws
