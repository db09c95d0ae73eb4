// The guard on state-changing requests (DELETE and POST): with MANAGEMENT_API_TOKEN set
// they need "Authorization: Bearer <token>" (401 otherwise; compared in constant time over
// SHA-256 digests, so neither content nor length leaks through timing); without a token only
// local clients may change anything (403 with a hint how to set the token). Only the token's
// digest is kept. Immutable after construction; check() may run on any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "monitor_http/api_settings.hpp"

namespace ep::monitor_http {

class ChangeGuard {
 public:
  // token empty: no token configured; is_local empty: is_loopback_address.
  ChangeGuard(std::string_view token, LocalClientCheck is_local);

  // Returns normally when the change is allowed; throws HttpError 401 or 403 otherwise.
  void check(std::string_view authorization_header, std::string_view remote_addr) const;

  bool token_configured() const { return token_configured_; }

 private:
  bool token_configured_;
  std::array<unsigned char, 32> token_digest_{};
  LocalClientCheck is_local_;
};

// 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses, in the text form httplib reports.
bool is_loopback_address(std::string_view address);

// Equality without data-dependent timing (digests of both sides, CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ep::monitor_http
