#include "monitor_http/change_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <utility>

#include "monitor_http/http_error.hpp"

namespace ep::monitor_http {
namespace {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view text) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_loopback_address(std::string_view address) {
  const std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  const Digest left = sha256(a);
  const Digest right = sha256(b);
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

ChangeGuard::ChangeGuard(std::string_view token, LocalClientCheck is_local)
    : token_configured_(!token.empty()), is_local_(std::move(is_local)) {
  if (token_configured_) token_digest_ = sha256(token);
  if (!is_local_) is_local_ = is_loopback_address;
}

void ChangeGuard::check(std::string_view authorization_header, std::string_view remote_addr) const {
  if (!token_configured_) {
    if (is_local_(remote_addr)) return;
    throw HttpError(403,
                    "changes are accepted only from the local host while no token is set; set "
                    "MANAGEMENT_API_TOKEN in the service's environment and send "
                    "'Authorization: Bearer <token>'");
  }
  constexpr std::string_view kScheme = "bearer ";
  if (!starts_with_ignoring_case(authorization_header, kScheme)) {
    throw HttpError(401, "this request needs the header 'Authorization: Bearer <token>'");
  }
  const Digest presented = sha256(authorization_header.substr(kScheme.size()));
  if (CRYPTO_memcmp(presented.data(), token_digest_.data(), presented.size()) != 0) {
    throw HttpError(401, "the bearer token is not valid");
  }
}

}  // namespace ep::monitor_http
