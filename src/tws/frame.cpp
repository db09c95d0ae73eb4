#include "tws/frame.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstdint>

namespace ep::tws {

std::string encode_body(const Fields& fields) {
  std::size_t size = 0;
  for (const auto& field : fields) size += field.size() + 1;
  std::string body;
  body.reserve(size);
  for (const auto& field : fields) {
    body += field;
    body.push_back('\0');
  }
  return body;
}

std::string encode_frame(const Fields& fields) {
  std::size_t size = 0;
  for (const auto& field : fields) size += field.size() + 1;
  std::string frame;
  frame.reserve(size + 4);
  const auto length = static_cast<std::uint32_t>(size);
  frame.push_back(static_cast<char>((length >> 24) & 0xFFU));
  frame.push_back(static_cast<char>((length >> 16) & 0xFFU));
  frame.push_back(static_cast<char>((length >> 8) & 0xFFU));
  frame.push_back(static_cast<char>(length & 0xFFU));
  for (const auto& field : fields) {
    frame += field;
    frame.push_back('\0');
  }
  return frame;
}

core::Result<Fields> split_body(std::string_view body) {
  if (body.empty()) return Fields{};
  if (body.back() != '\0') {
    return core::invalid_input("malformed frame: body does not end with a NUL");
  }
  Fields fields;
  fields.reserve(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\0')));
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t end = body.find('\0', start);  // always found: body ends with NUL
    fields.emplace_back(body.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

FrameDecoder::FrameDecoder(std::size_t max_body) : max_body_(max_body) {}

void FrameDecoder::feed(std::string_view bytes) {
  if (failed_) return;
  // Compact once the consumed prefix dominates, so the buffer does not grow without bound.
  if (offset_ > 0 && offset_ * 2 >= buffer_.size()) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes);
}

core::Result<std::optional<Fields>> FrameDecoder::next() {
  if (failed_) return *failed_;
  if (buffered() < 4) return std::optional<Fields>{};
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + offset_);
  const std::uint32_t length = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                               (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
  if (length > max_body_) {
    failed_ = core::invalid_input(
        fmt::format("frame length {} exceeds the maximum of {}", length, max_body_));
    return *failed_;
  }
  if (buffered() - 4 < length) return std::optional<Fields>{};
  const std::string_view body(buffer_.data() + offset_ + 4, length);
  offset_ += 4 + std::size_t{length};
  auto fields = split_body(body);
  if (!fields) return fields.error();
  return std::optional<Fields>(std::move(fields).value());
}

}  // namespace ep::tws
