// Test helper of the capture tests: decode the first frame of a capture file as message T,
// reporting through gtest (a default T on failure, so the test's value checks fail too).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "tws/messages_in.hpp"
#include "tws/testing/testdata_loader.hpp"

namespace ep::tws {

template <class T>
T decode_as(const std::string& file, int version) {
  auto capture = testdata::load_capture(file);
  EXPECT_TRUE(capture.ok()) << file;
  if (!capture.ok() || capture->frames.empty()) return T{};
  auto decoded = decode_incoming(capture->frames[0], version);
  EXPECT_TRUE(decoded.ok()) << file << ": " << (decoded.ok() ? "" : decoded.error().message);
  if (!decoded.ok()) return T{};
  const T* message = std::get_if<T>(&*decoded);
  EXPECT_NE(message, nullptr) << file << " decoded to another message";
  return message ? *message : T{};
}

}  // namespace ep::tws
