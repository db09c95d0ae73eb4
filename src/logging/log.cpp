#include "logging/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <vector>

#include "logging/redaction.hpp"

namespace ep::log {
namespace {

// Read on every line from any thread; replaced only by set_redactor. Every redactor ever set
// stays alive, so a line being written while another is set never reads a freed one.
std::atomic<const core::SecretRedactor*> current_redactor{nullptr};
// Set by setup before any line is written; read on every line.
std::atomic<Format> current_format{Format::kJson};
// This thread's ThreadFields (an object; empty when no scope is open).
thread_local Fields thread_fields = Fields::object();

void keep_alive(std::shared_ptr<const core::SecretRedactor> redactor) {
  static std::mutex mutex;
  // Never destroyed: a line logged during static destruction still finds its redactor.
  static auto* kept = new std::vector<std::shared_ptr<const core::SecretRedactor>>();
  std::lock_guard lock(mutex);
  kept->push_back(std::move(redactor));
}

}  // namespace

void set_redactor(std::shared_ptr<const core::SecretRedactor> redactor) {
  const core::SecretRedactor* raw = redactor.get();
  if (redactor) keep_alive(std::move(redactor));
  current_redactor.store(raw);
}

bool setup(std::string_view level, std::string_view logger_name, Format format) {
  std::string upper(level);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  spdlog::level::level_enum parsed;
  if (upper == "DEBUG")
    parsed = spdlog::level::debug;
  else if (upper == "INFO")
    parsed = spdlog::level::info;
  else if (upper == "WARNING" || upper == "WARN")
    parsed = spdlog::level::warn;
  else if (upper == "ERROR")
    parsed = spdlog::level::err;
  else if (upper == "CRITICAL")
    parsed = spdlog::level::critical;
  else
    return false;

  const std::string name(logger_name);
  spdlog::drop(name);  // setup may run again (tests, a level change): replace the logger
  auto logger = spdlog::stderr_logger_mt(name);
  current_format.store(format);
  if (format == Format::kText) {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-8l %v", spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern(
        fmt::format(R"({{"timestamp":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"{}",%v}})",
                    logger_name),
        spdlog::pattern_time_type::utc);
  }
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return true;
}

std::string format_body(std::string_view message, const Fields& fields) {
  nlohmann::json body = nlohmann::json::object();
  body["message"] = message;
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      if (key != "message") body[key] = value;
    }
  }
  // Invalid UTF-8 (e.g. a broker's text) must not throw: replace it.
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.substr(1, text.size() - 2);
}

std::string format_text_body(std::string_view message, const Fields& fields) {
  std::string text(message);
  if (!fields.is_object()) return text;
  for (const auto& [key, value] : fields.items()) {
    if (key == "message") continue;
    text += ' ';
    text += key;
    text += '=';
    text += value.is_string()
                ? value.get<std::string>()
                : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return text;
}

ThreadFields::ThreadFields(Fields fields) : previous_(thread_fields) {
  if (!fields.is_object()) return;
  for (const auto& [key, value] : fields.items()) thread_fields[key] = value;
}

ThreadFields::~ThreadFields() {
  thread_fields = std::move(previous_);
}

bool enabled(spdlog::level::level_enum level) {
  return spdlog::default_logger_raw()->should_log(level);
}

void write(spdlog::level::level_enum level, std::string_view message, const Fields& fields) {
  auto logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  const Fields* all = &fields;
  Fields merged;
  if (!thread_fields.empty()) {
    merged = thread_fields;
    if (fields.is_object()) {
      for (const auto& [key, value] : fields.items()) merged[key] = value;
    }
    all = &merged;
  }
  const std::string body = current_format.load() == Format::kText ? format_text_body(message, *all)
                                                                  : format_body(message, *all);
  // The single exit of log text: a secret echoed in any spelling (an error body quoting the
  // key, JSON-escaped or URL-encoded) is masked here whatever field carried it.
  const core::SecretRedactor* redactor = current_redactor.load();
  logger->log(level, "{}", redactor ? redactor->redact(body) : body);
}

}  // namespace ep::log
