// The error answer of every endpoint: an HTTP status and {"detail": "..."} (the shape FastAPI
// gave the original's clients). Handlers throw HttpError for bad input or an unavailable store;
// the Router catches it and answers; no other code sees it. Any thread.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "core/result.hpp"

namespace ep::monitor_http {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& detail)
      : std::runtime_error(detail), status_(status), detail_(detail) {}
  int status() const { return status_; }
  // Whole, even past a NUL byte (a decoded %00 in the path it names).
  const std::string& detail() const { return detail_; }

 private:
  int status_;
  std::string detail_;
};

// Maps a queue store error: unavailable -> 503, invalid input -> 422, anything else -> 500 with
// a generic detail (the store's message goes to the log, not to the client).
[[noreturn]] void throw_store_error(const core::Error& error, const std::string& action);

// The value of a store call, or the matching HttpError.
template <class T>
T take(core::Result<T> result, const std::string& action) {
  if (!result.ok()) throw_store_error(result.error(), action);
  return std::move(result).value();
}
inline void take(core::Result<void> result, const std::string& action) {
  if (!result.ok()) throw_store_error(result.error(), action);
}

}  // namespace ep::monitor_http
