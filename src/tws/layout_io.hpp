// Internal to the codec: the two "field walkers" that let one function describe a message
// layout for both directions. A layout is written once as
//   template <class Io, class M> void layout(Io& io, M& m) { io(m.req_id, "reqId"); ... }
// and run with a LayoutWriter (M const: fields are appended) or a LayoutReader (fields are
// parsed into m). The reader's first error is sticky: later reads are no-ops, so a layout needs
// no early returns; conditional blocks see the values already read. Counts are bounded by the
// fields left, so a hostile count cannot allocate. Not part of the public API.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "tws/field_reader.hpp"
#include "tws/field_writer.hpp"

namespace ep::tws::detail {

// M (possibly const) is the message type T: selects the layout overload of a message.
template <class M, class T>
concept Is = std::same_as<std::remove_const_t<M>, T>;
// M is one of Ts: for a layout shared by messages with one wire shape.
template <class M, class... Ts>
concept IsOneOf = (Is<M, Ts> || ...);

class LayoutWriter {
 public:
  static constexpr bool kReading = false;
  explicit LayoutWriter(int server_version) : version_(server_version) {}

  int server_version() const { return version_; }
  bool ok() const { return true; }
  // Room for a long message (the order messages have 100+ fields): no regrowth while writing.
  void reserve(std::size_t fields) { writer_.reserve(fields); }

  template <class T>
  void operator()(const T& value, std::string_view /*name*/ = {}) {
    writer_.add(value);
  }
  void operator()(const TagValues& value, std::string_view /*name*/ = {}) {
    writer_.add_tag_values(value);
  }
  void java_max(const std::optional<double>& value, std::string_view /*name*/ = {}) {
    writer_.add(value, UnsetDouble::kJavaMax);
  }
  void unset_int_max(const std::optional<int>& value, std::string_view /*name*/ = {}) {
    if (value) {
      writer_.add(*value);
    } else {
      writer_.add(kUnsetInt);
    }
  }
  void version(int value) { writer_.add(value); }
  template <class T>
  std::size_t count(const std::vector<T>& items, std::string_view /*name*/ = {},
                    std::size_t /*fields_each*/ = 1) {
    writer_.add(static_cast<int>(items.size()));
    return items.size();
  }

  Fields take() { return writer_.take(); }

 private:
  int version_;
  FieldWriter writer_;
};

class LayoutReader {
 public:
  static constexpr bool kReading = true;
  LayoutReader(const Fields& fields, std::string_view message, int server_version,
               std::size_t start = 1)
      : reader_(fields, message, start), version_(server_version) {}

  int server_version() const { return version_; }
  bool ok() const { return !error_.has_value(); }
  void reserve(std::size_t /*fields*/) {}
  const core::Error& error() const { return *error_; }
  std::size_t remaining() const { return reader_.remaining(); }

  void operator()(int& v, std::string_view name = {}) { take(reader_.read_int(name), v); }
  void operator()(std::int64_t& v, std::string_view name = {}) {
    take(reader_.read_int64(name), v);
  }
  void operator()(double& v, std::string_view name = {}) { take(reader_.read_double(name), v); }
  void operator()(bool& v, std::string_view name = {}) { take(reader_.read_bool(name), v); }
  void operator()(std::string& v, std::string_view name = {}) {
    take(reader_.read_string(name), v);
  }
  void operator()(Decimal& v, std::string_view name = {}) { take(reader_.read_decimal(name), v); }
  void operator()(TagValues& v, std::string_view name = {}) {
    take(reader_.read_tag_values(name), v);
  }
  void operator()(std::optional<double>& v, std::string_view name = {}) {
    take(reader_.read_optional_double(name), v);
  }
  void operator()(std::optional<int>& v, std::string_view name = {}) {
    take(reader_.read_optional_int(name), v);
  }
  void operator()(std::optional<bool>& v, std::string_view name = {}) {
    take(reader_.read_optional_bool(name), v);
  }
  void java_max(std::optional<double>& v, std::string_view name = {}) { (*this)(v, name); }
  void unset_int_max(std::optional<int>& v, std::string_view name = {}) { (*this)(v, name); }
  void version(int /*value*/) {
    if (ok()) {
      if (auto skipped = reader_.skip(1); !skipped) error_ = skipped.error();
    }
  }
  // Reads a count and sizes the vector; each element needs at least fields_each fields, so a
  // count that cannot fit in the fields left is an error (and nothing is allocated).
  template <class T>
  std::size_t count(std::vector<T>& items, std::string_view name = {},
                    std::size_t fields_each = 1) {
    int n = 0;
    (*this)(n, name);
    if (!ok()) return 0;
    if (n < 0 || static_cast<std::size_t>(n) * fields_each > reader_.remaining()) {
      error_ = reader_.error_at(name, "has an impossible count " + std::to_string(n));
      return 0;
    }
    items.resize(static_cast<std::size_t>(n));
    return items.size();
  }
  void fail(std::string_view name, std::string_view problem) {
    if (ok()) error_ = reader_.error_at(name, problem);
  }
  // After the layout: every field must have been consumed.
  void expect_end() {
    if (ok() && reader_.remaining() != 0) {
      error_ = reader_.error_at("", "and " + std::to_string(reader_.remaining() - 1) +
                                        " more are unexpected (message too long)");
    }
  }

 private:
  template <class T, class U>
  void take(core::Result<T> result, U& out) {
    if (!ok()) return;
    if (result) {
      out = std::move(result).value();
    } else {
      error_ = result.error();
    }
  }

  FieldReader reader_;
  int version_;
  std::optional<core::Error> error_;
};

}  // namespace ep::tws::detail
