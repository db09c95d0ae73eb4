// Result<T>: a value or an Error whose kind decides what happens to an event (see
// docs/architecture.md, "Errors"). g++ 12 has no usable std::expected at C++20, hence this.
// Plain value type; safe to pass between threads like any value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ep::core {

enum class ErrorKind {
  kInvalidInput,    // malformed event, unknown command, bad allocations: dead-letter
  kUnavailable,     // gateway/Redis/API down before anything was sent: retry later
  kRejected,        // the broker refused an order (what-if or real): retry later
  kMarketClosed,    // outside trading hours: park until the next session
  kUnknownOutcome,  // an order may have reached the broker: reconcile before resending
  kInternal,        // a bug: log loudly, retry later
  // This worker's claim on the event was taken (another worker recovered it, docs/queue.md
  // "Fenced claims"): nothing more may be recorded or placed for it here; do not retry.
  kClaimLost,
};

std::string_view to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

// Makes an Error of one kind from its message: `return unavailable("redis: " + why);`.
struct ErrorOfKind {
  ErrorKind kind;
  Error operator()(std::string message) const { return {kind, std::move(message)}; }
};
inline constexpr ErrorOfKind invalid_input{ErrorKind::kInvalidInput};
inline constexpr ErrorOfKind unavailable{ErrorKind::kUnavailable};
inline constexpr ErrorOfKind rejected{ErrorKind::kRejected};
inline constexpr ErrorOfKind market_closed{ErrorKind::kMarketClosed};
inline constexpr ErrorOfKind unknown_outcome{ErrorKind::kUnknownOutcome};
inline constexpr ErrorOfKind internal_error{ErrorKind::kInternal};
inline constexpr ErrorOfKind claim_lost{ErrorKind::kClaimLost};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

inline Result<void> success() {
  return {};
}

}  // namespace ep::core
