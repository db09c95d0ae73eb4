#include "tws/handshake.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cstdint>

namespace ep::tws {
namespace {

constexpr std::string_view kPrefix{"API\0", 4};
constexpr std::size_t kMaxHelloLength = 1024;  // "v100..225 +PACEAPI" is ~20 bytes

void append_be32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>((value >> 24) & 0xFFU));
  out.push_back(static_cast<char>((value >> 16) & 0xFFU));
  out.push_back(static_cast<char>((value >> 8) & 0xFFU));
  out.push_back(static_cast<char>(value & 0xFFU));
}

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::string encode_client_hello(int min_version, int max_version, std::string_view options) {
  std::string versions = max_version == min_version
                             ? fmt::format("v{}", min_version)
                             : fmt::format("v{}..{}", min_version, max_version);
  if (!options.empty()) {
    versions += ' ';
    versions += options;
  }
  std::string out(kPrefix);
  append_be32(out, static_cast<std::uint32_t>(versions.size()));
  out += versions;
  return out;
}

core::Result<ClientHello> parse_version_range(std::string_view text) {
  ClientHello hello;
  if (const auto space = text.find(' '); space != std::string_view::npos) {
    hello.options = std::string(text.substr(space + 1));
    text = text.substr(0, space);
  }
  if (text.empty() || text.front() != 'v') {
    return core::invalid_input("client hello: version string must start with 'v'");
  }
  text.remove_prefix(1);
  const auto dots = text.find("..");
  const bool ok = dots == std::string_view::npos
                      ? parse_int(text, hello.min_version)
                      : parse_int(text.substr(0, dots), hello.min_version) &&
                            parse_int(text.substr(dots + 2), hello.max_version);
  if (!ok) return core::invalid_input("client hello: malformed version range");
  if (dots == std::string_view::npos) hello.max_version = hello.min_version;
  if (hello.min_version > hello.max_version) {
    return core::invalid_input("client hello: minimum version above maximum");
  }
  return hello;
}

void ClientHelloDecoder::feed(std::string_view bytes) {
  buffer_.append(bytes);
}

core::Result<std::optional<ClientHello>> ClientHelloDecoder::next() {
  if (failed_) return *failed_;
  if (done_) return std::optional<ClientHello>{};
  const std::size_t check = std::min(buffer_.size(), kPrefix.size());
  if (std::string_view(buffer_).substr(0, check) != kPrefix.substr(0, check)) {
    failed_ = core::invalid_input("client hello: missing \"API\\0\" prefix");
    return *failed_;
  }
  if (buffer_.size() < 8) return std::optional<ClientHello>{};
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + 4);
  const std::uint32_t length = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                               (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
  if (length > kMaxHelloLength) {
    failed_ = core::invalid_input(fmt::format("client hello: absurd length {}", length));
    return *failed_;
  }
  if (buffer_.size() < 8 + std::size_t{length}) return std::optional<ClientHello>{};
  auto hello = parse_version_range(std::string_view(buffer_).substr(8, length));
  if (!hello) {
    failed_ = hello.error();
    return *failed_;
  }
  buffer_.erase(0, 8 + std::size_t{length});
  done_ = true;
  return std::optional<ClientHello>(std::move(hello).value());
}

std::string ClientHelloDecoder::take_rest() {
  if (!done_) return {};
  std::string rest;
  rest.swap(buffer_);
  return rest;
}

core::Result<void> check_server_version(int version, int min_version, int max_version) {
  if (version < min_version || version > max_version) {
    return core::invalid_input(fmt::format("unsupported server version {} (supported {}..{})",
                                           version, min_version, max_version));
  }
  return core::success();
}

core::Result<ServerHello> decode_server_hello(const Fields& fields, int min_version,
                                              int max_version) {
  if (fields.size() != 2) {
    return core::invalid_input("server hello: expected 2 fields, got " +
                               std::to_string(fields.size()));
  }
  ServerHello hello;
  if (!parse_int(fields[0], hello.server_version)) {
    return core::invalid_input("server hello: version is not a number");
  }
  if (auto ok = check_server_version(hello.server_version, min_version, max_version); !ok) {
    return ok.error();
  }
  hello.connection_time = fields[1];
  return hello;
}

core::Result<int> negotiate_version(const ClientHello& hello, int server_min, int server_max) {
  const int chosen = std::min(hello.max_version, server_max);
  if (chosen < std::max(hello.min_version, server_min)) {
    return core::invalid_input(fmt::format("no common server version: client {}..{}, server {}..{}",
                                           hello.min_version, hello.max_version, server_min,
                                           server_max));
  }
  return chosen;
}

Fields encode_server_hello(const ServerHello& hello) {
  return Fields{std::to_string(hello.server_version), hello.connection_time};
}

}  // namespace ep::tws
