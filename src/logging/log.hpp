// Structured logging: one JSON object per line with timestamp, level, logger, message and any
// fields (event_id, account_id, ...), as docs/compatibility.md §8 asks. Every module logs through
// these functions so every line stays valid JSON. Thread-safe (spdlog's sinks are mutex-protected).
// Never pass secrets (API keys, tokens, passwords) as fields or in messages.
#pragma once

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ep::log {

using Fields = nlohmann::json;  // a JSON object of extra fields, e.g. {{"event_id", id}}

// JSON lines (the default, for log shippers) or text lines for a person at a terminal:
// "<time> <level> <message> key=value ...", the same fields, redacted the same way.
enum class Format { kJson, kText };

// Installs the pattern of `format` on the default logger (stderr), with this minimum level.
// Accepts DEBUG, INFO, WARNING/WARN, ERROR, CRITICAL in any case; false if unknown.
bool setup(std::string_view level, std::string_view logger_name = "event-processor",
           Format format = Format::kJson);

void write(spdlog::level::level_enum level, std::string_view message, const Fields& fields = {});

// True when a line of this level would be written (skip building costly fields otherwise).
bool enabled(spdlog::level::level_enum level);

// Fields every line written on this thread carries while the scope lives (a line's own field of
// the same name wins): the processor opens one per event with event_id and account_id, so the
// lines of the adapters it calls (order sent, order outcome, waits, TWS requests) carry them
// too. Scopes nest; the inner one's fields are added to the outer one's.
class ThreadFields {
 public:
  explicit ThreadFields(Fields fields);
  ~ThreadFields();
  ThreadFields(const ThreadFields&) = delete;
  ThreadFields& operator=(const ThreadFields&) = delete;

 private:
  Fields previous_;
};

inline void debug(std::string_view m, const Fields& f = {}) {
  write(spdlog::level::debug, m, f);
}
inline void info(std::string_view m, const Fields& f = {}) {
  write(spdlog::level::info, m, f);
}
inline void warn(std::string_view m, const Fields& f = {}) {
  write(spdlog::level::warn, m, f);
}
inline void error(std::string_view m, const Fields& f = {}) {
  write(spdlog::level::err, m, f);
}

// The text after the pattern's prefix: "message":"...",<fields without braces>. Exposed for tests.
std::string format_body(std::string_view message, const Fields& fields);
// The text format's body: message, then key=value per field in key order (strings bare, the
// rest as JSON).
std::string format_text_body(std::string_view message, const Fields& fields);

}  // namespace ep::log
