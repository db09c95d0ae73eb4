// The 67 real wire captures (tests/data/tws-captures, INDEX.md): every server->client message
// decodes at each version its layout is valid for, with the values INDEX.md lists; the 176-only
// order messages also decode at 177/178 once faProfile is removed; the handshake replies and
// the bootstrap chunk go through the framing code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tws/handshake.hpp"
#include "tws/messages_in.hpp"
#include "tws/testing/testdata_loader.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

using testdata::Capture;

Capture load(const std::string& file) {
  auto capture = testdata::load_capture(file);
  EXPECT_TRUE(capture.ok()) << (capture.ok() ? "" : capture.error().message);
  return capture.ok() ? *capture : Capture{};
}

bool is_handshake(const Capture& c) {
  return c.file.find("handshakeReply") != std::string::npos;
}
bool is_chunk(const Capture& c) {
  return c.file.find("bootstrapChunk") != std::string::npos;
}

TEST(Captures, AllSixtySevenLoad) {
  const auto files = testdata::list_captures();
  EXPECT_EQ(files.size(), 67U);
  std::size_t client_to_server = 0;
  for (const auto& file : files) {
    const Capture capture = load(file);
    EXPECT_FALSE(capture.frames.empty()) << file;
    if (capture.client_to_server) ++client_to_server;
  }
  EXPECT_EQ(client_to_server, 8U);
}

TEST(Captures, EveryServerMessageDecodesAtItsValidVersions) {
  std::size_t decoded_count = 0;
  for (const auto& file : testdata::list_captures()) {
    const Capture capture = load(file);
    if (capture.client_to_server || is_handshake(capture) || is_chunk(capture)) continue;
    ASSERT_FALSE(capture.valid_versions.empty()) << file;
    for (int version : capture.valid_versions) {
      auto decoded = decode_incoming(capture.frames[0], version);
      ASSERT_TRUE(decoded.ok()) << file << " at " << version << ": " << decoded.error().message;
      EXPECT_EQ(message_id(*decoded), capture.id()) << file;
      // Our encoding of the decoded value decodes to the same value (spellings may differ).
      auto again = decode_incoming(encode(*decoded, version), version);
      ASSERT_TRUE(again.ok()) << file;
      EXPECT_TRUE(*again == *decoded) << file;
      ++decoded_count;
    }
  }
  EXPECT_GE(decoded_count, 55U);
}

TEST(Captures, LayoutOnlyValidAt176IsRejectedAtOtherVersions) {
  // The faProfile field makes 176 order messages one field too long at 177/178.
  const Capture open = load("nautilus-openOrder_SPY_MKT_PendingCancel-v176.txt");
  EXPECT_FALSE(decode_incoming(open.frames[0], 178).ok());
  const Capture exec = load("ib_ex-execDetails_GTLB-v178.txt");
  EXPECT_FALSE(decode_incoming(exec.frames[0], 176).ok());
}

// Derive the 177/178 form of a 176-only capture by deleting faProfile (INDEX.md section 6).
TEST(Captures, OrderMessagesWithoutFaProfileDecodeAt177And178) {
  const std::vector<std::pair<std::string, std::size_t>> files = {
      {"nautilus-openOrder_SPY_MKT_PendingCancel-v176.txt", 34},
      {"rust-ibapi-openOrder_AAPL_MKT_Filled-v173.txt", 34},
      {"pyfutures-openOrder_R_FUT_LMT_Filled-v176.txt", 34},
      {"rust-ibapi-completedOrder_AAPL_LMT_Cancelled-v173.txt", 31},
      {"rust-ibapi-completedOrder_SPY_BAG_Filled-v173.txt", 31}};
  for (const auto& [file, fa_profile_index] : files) {
    const Capture capture = load(file);
    Fields fields = capture.frames[0];
    auto at176 = decode_incoming(fields, 176);
    ASSERT_TRUE(at176.ok()) << file << ": " << at176.error().message;
    fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(fa_profile_index));
    for (int version : {177, 178}) {
      auto later = decode_incoming(fields, version);
      ASSERT_TRUE(later.ok()) << file << ": " << later.error().message;
      EXPECT_TRUE(*later == *at176) << file;  // faProfile was empty in every capture
    }
  }
}

TEST(Captures, HandshakeReplies) {
  const std::vector<std::tuple<std::string, int, std::string>> ok = {
      {"nautilus-handshakeReply-v176.txt", 176, "20230228 17:24:14 EST"},
      {"pyfutures-handshakeReply-v176.txt", 176, "20240327 12:18:44 Greenwich Mean Time"},
      {"ib_ex-handshakeReply-v178.txt", 178, "20240605 17:25:52 Central European Standard Time"}};
  for (const auto& [file, version, time] : ok) {
    const Capture capture = load(file);
    auto hello = decode_server_hello(capture.frames[0]);
    ASSERT_TRUE(hello.ok()) << file;
    EXPECT_EQ(hello->server_version, version);
    EXPECT_EQ(hello->connection_time, time);
    if (!capture.raw_frames.empty()) {  // the exact bytes go through the frame decoder too
      FrameDecoder decoder;
      decoder.feed(capture.raw_frames);
      auto frame = decoder.next();
      ASSERT_TRUE(frame.ok() && frame->has_value());
      EXPECT_EQ(**frame, capture.frames[0]);
    }
  }
  const Capture gb2312 = load("rust-ibapi-handshakeReply_gb2312-v173.txt");
  ASSERT_FALSE(gb2312.raw_body.empty());
  auto fields = split_body(gb2312.raw_body);
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(*fields, gb2312.frames[0]);  // the \xNN escapes rebuild the exact bytes
  auto rejected = decode_server_hello(*fields);
  ASSERT_FALSE(rejected.ok());
  EXPECT_THAT(rejected.error().message, HasSubstr("unsupported server version 173"));
  // The opaque time bytes survive untouched when the version range allows 173.
  auto accepted = decode_server_hello(*fields, 173, 178);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->connection_time, (*fields)[1]);
  EXPECT_EQ(static_cast<unsigned char>(accepted->connection_time.back()), 0xE4);
}

TEST(Captures, BootstrapChunkFraming) {
  const Capture chunk = load("nautilus-bootstrapChunk_framing-v176.txt");
  ASSERT_EQ(chunk.raw_frames.size(), 502U);
  ASSERT_EQ(chunk.frames.size(), 10U);
  for (std::size_t step : {std::size_t{502}, std::size_t{1}, std::size_t{7}}) {
    FrameDecoder decoder;
    std::vector<Fields> frames;
    for (std::size_t at = 0; at < chunk.raw_frames.size(); at += step) {
      decoder.feed(std::string_view(chunk.raw_frames).substr(at, step));
      for (;;) {
        auto next = decoder.next();
        ASSERT_TRUE(next.ok());
        if (!*next) break;
        frames.push_back(**next);
      }
    }
    EXPECT_EQ(frames, chunk.frames) << "feeding " << step << " bytes at a time";
    EXPECT_EQ(decoder.buffered(), 0U);
  }
  const std::vector<std::size_t> lengths = {15, 8, 57, 56, 56, 53, 54, 54, 52, 57};
  std::vector<int> codes;
  for (std::size_t i = 0; i < chunk.frames.size(); ++i) {
    EXPECT_EQ(encode_body(chunk.frames[i]).size(), lengths[i]);
    auto decoded = decode_incoming(chunk.frames[i], 176);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    if (i == 0) {
      EXPECT_EQ(std::get<ManagedAccounts>(*decoded).accounts,
                std::vector<std::string>{"DU1234567"});
    }
    if (i == 1) {
      EXPECT_EQ(std::get<NextValidId>(*decoded).order_id, 117);
    }
    if (i >= 2) {
      const auto& error = std::get<ErrorMessage>(*decoded);
      EXPECT_EQ(error.id, -1);
      EXPECT_EQ(error.advanced_order_reject_json, "");
      codes.push_back(error.code);
    }
  }
  EXPECT_EQ(codes, (std::vector<int>{2104, 2104, 2104, 2104, 2104, 2106, 2106, 2158}));
}

}  // namespace
}  // namespace ep::tws
