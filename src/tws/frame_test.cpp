#include "tws/frame.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tws/handshake.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

using namespace std::string_literals;

TEST(Frame, EncodesLengthPrefixAndNulTerminatedFields) {
  const std::string frame = encode_frame({"49", "1"});
  EXPECT_EQ(frame,
            "\0\0\0\x05"s
            "49\0"
            "1\0"s);
  EXPECT_EQ(encode_frame({"", "x"}), "\0\0\0\x03\0x\0"s);
}

TEST(Frame, DecodesFramesFedByteByByte) {
  const std::string stream = encode_frame({"15", "1", "DU1"}) + encode_frame({"9", "1", "117"});
  FrameDecoder decoder;
  std::vector<Fields> got;
  for (char c : stream) {
    decoder.feed(std::string_view(&c, 1));
    for (;;) {
      auto next = decoder.next();
      ASSERT_TRUE(next.ok()) << next.error().message;
      if (!*next) break;
      got.push_back(**next);
    }
  }
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0], (Fields{"15", "1", "DU1"}));
  EXPECT_EQ(got[1], (Fields{"9", "1", "117"}));
  EXPECT_EQ(decoder.buffered(), 0U);
}

TEST(Frame, KeepsEmptyFields) {
  FrameDecoder decoder;
  decoder.feed(encode_frame({"4", "2", "-1", "2104", "ok", ""}));
  auto next = decoder.next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(next->value(), (Fields{"4", "2", "-1", "2104", "ok", ""}));
}

TEST(Frame, TruncatedFrameWaitsForMoreBytes) {
  const std::string frame = encode_frame({"49", "1", "1752606307"});
  FrameDecoder decoder;
  decoder.feed(frame.substr(0, frame.size() - 1));
  auto next = decoder.next();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  decoder.feed(frame.substr(frame.size() - 1));
  next = decoder.next();
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->has_value());
}

TEST(Frame, AbsurdLengthFailsAndStaysFailed) {
  FrameDecoder decoder(1000);
  decoder.feed(
      "\x7f\xff\xff\xff"
      "abc"s);
  auto next = decoder.next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().kind, core::ErrorKind::kInvalidInput);
  EXPECT_THAT(next.error().message, HasSubstr("exceeds"));
  decoder.feed(encode_frame({"9", "1", "1"}));
  EXPECT_FALSE(decoder.next().ok());
  EXPECT_TRUE(decoder.failed());
}

TEST(Frame, DefaultLimitIsTheOfficialMaximum) {
  FrameDecoder decoder;
  decoder.feed("\x01\x00\x00\x00"s);  // 16 MiB: one above 0xFFFFFF
  EXPECT_FALSE(decoder.next().ok());
}

TEST(Frame, BodyWithoutFinalNulIsAnErrorForThatFrameOnly) {
  FrameDecoder decoder;
  decoder.feed(
      "\0\0\0\x02"
      "49"s);
  EXPECT_FALSE(decoder.next().ok());
  decoder.feed(encode_frame({"9", "1", "5"}));
  auto next = decoder.next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((**next)[2], "5");
}

TEST(Handshake, ClientHelloSpellsTheRange) {
  EXPECT_EQ(encode_client_hello(176, 178), "API\0\0\0\0\x09v176..178"s);
  EXPECT_EQ(encode_client_hello(178, 178), "API\0\0\0\0\x04v178"s);
  EXPECT_EQ(encode_client_hello(157, 178, "+PACEAPI"), "API\0\0\0\0\x12v157..178 +PACEAPI"s);
}

TEST(Handshake, ClientHelloDecoderSeesHelloThenFrames) {
  const std::string bytes = encode_client_hello(100, 193) + encode_frame({"71", "2", "7", ""});
  ClientHelloDecoder decoder;
  decoder.feed(bytes.substr(0, 5));
  auto first = decoder.next();
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
  decoder.feed(bytes.substr(5));
  auto hello = decoder.next();
  ASSERT_TRUE(hello.ok()) << hello.error().message;
  ASSERT_TRUE(hello->has_value());
  EXPECT_EQ((**hello), (ClientHello{100, 193, ""}));
  FrameDecoder frames;
  frames.feed(decoder.take_rest());
  auto start = frames.next();
  ASSERT_TRUE(start.ok());
  ASSERT_TRUE(start->has_value());
  EXPECT_EQ(start->value(), (Fields{"71", "2", "7", ""}));
  auto negotiated = negotiate_version(**hello);
  ASSERT_TRUE(negotiated.ok());
  EXPECT_EQ(*negotiated, 178);
}

TEST(Handshake, ClientHelloErrors) {
  ClientHelloDecoder wrong_prefix;
  wrong_prefix.feed("GET / HTTP/1.1\r\n");
  EXPECT_FALSE(wrong_prefix.next().ok());
  ClientHelloDecoder absurd;
  absurd.feed("API\0\x7f\0\0\0"s);
  EXPECT_FALSE(absurd.next().ok());
  EXPECT_FALSE(parse_version_range("v178..176").ok());
  EXPECT_FALSE(parse_version_range("176..178").ok());
  EXPECT_FALSE(parse_version_range("vX..178").ok());
  EXPECT_EQ(parse_version_range("v176..178 +PACEAPI")->options, "+PACEAPI");
}

TEST(Handshake, VersionNegotiation) {
  EXPECT_EQ(*negotiate_version({157, 176, ""}), 176);
  EXPECT_EQ(*negotiate_version({176, 178, ""}), 178);
  EXPECT_FALSE(negotiate_version({100, 173, ""}).ok());
  EXPECT_FALSE(negotiate_version({179, 200, ""}).ok());
}

TEST(Handshake, ServerHello) {
  auto hello = decode_server_hello({"178", "20250722 10:00:00 EST"});
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->server_version, 178);
  EXPECT_EQ(encode_server_hello(*hello), (Fields{"178", "20250722 10:00:00 EST"}));
  auto old = decode_server_hello({"173", "x"});
  ASSERT_FALSE(old.ok());
  EXPECT_THAT(old.error().message, HasSubstr("unsupported server version 173"));
  EXPECT_FALSE(decode_server_hello({"178"}).ok());
  EXPECT_FALSE(decode_server_hello({"178", "t", ""}).ok());
  EXPECT_FALSE(decode_server_hello({"abc", "t"}).ok());
  EXPECT_FALSE(decode_server_hello({"179", "t"}).ok());
}

}  // namespace
}  // namespace ep::tws
