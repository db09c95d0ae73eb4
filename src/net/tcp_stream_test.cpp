#include "net/tcp_stream.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "net/tcp_listener.hpp"

namespace ep::net {
namespace {

using namespace std::chrono_literals;

Deadline in(std::chrono::milliseconds ms) {
  return std::chrono::steady_clock::now() + ms;
}

struct Pair {
  TcpListener listener;
  TcpStream client;
  TcpStream server;
};

Pair make_pair(const std::string& host = "127.0.0.1") {
  Pair pair;
  auto listener = TcpListener::bind("127.0.0.1", 0);
  EXPECT_TRUE(listener.ok());
  pair.listener = std::move(*listener);
  auto client = TcpStream::connect(host, pair.listener.port(), in(2000ms));
  EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().message);
  if (client) pair.client = std::move(*client);
  auto accepted = pair.listener.accept(in(2000ms));
  EXPECT_TRUE(accepted.ok() && accepted->has_value());
  if (accepted && accepted->has_value()) pair.server = std::move(**accepted);
  return pair;
}

std::string read_exactly(TcpStream& stream, std::size_t count) {
  std::string out;
  char buffer[4096];
  while (out.size() < count) {
    auto r = stream.read_some(buffer, sizeof buffer, in(2000ms));
    if (!r || r->status != ReadStatus::kData) break;
    out.append(buffer, r->bytes);
  }
  return out;
}

TEST(TcpStream, RoundTripOnLoopback) {
  auto pair = make_pair();
  ASSERT_TRUE(pair.client.write_all("hello", in(1000ms)).ok());
  EXPECT_EQ(read_exactly(pair.server, 5), "hello");
  ASSERT_TRUE(pair.server.write_all("world!", in(1000ms)).ok());
  EXPECT_EQ(read_exactly(pair.client, 6), "world!");
}

TEST(TcpStream, ResolvesLocalhostByName) {
  auto pair = make_pair("localhost");
  ASSERT_TRUE(pair.client.is_open());
  ASSERT_TRUE(pair.client.write_all("x", in(1000ms)).ok());
  EXPECT_EQ(read_exactly(pair.server, 1), "x");
}

TEST(TcpStream, ReadTimesOutAtTheDeadline) {
  auto pair = make_pair();
  char buffer[16];
  const auto start = std::chrono::steady_clock::now();
  auto r = pair.client.read_some(buffer, sizeof buffer, in(100ms));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, ReadStatus::kTimeout);
  EXPECT_GE(waited, 100ms);
  EXPECT_LT(waited, 1000ms);
}

TEST(TcpStream, PeerCloseIsEof) {
  auto pair = make_pair();
  pair.server = TcpStream();
  char buffer[16];
  auto r = pair.client.read_some(buffer, sizeof buffer, in(1000ms));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, ReadStatus::kEof);
}

TEST(TcpStream, ShutdownWakesABlockedReader) {
  auto pair = make_pair();
  std::thread reader([&] {
    char buffer[16];
    auto r = pair.client.read_some(buffer, sizeof buffer, kNoDeadline);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, ReadStatus::kEof);
  });
  std::this_thread::sleep_for(50ms);  // let the reader block first (test only)
  pair.client.shutdown();
  reader.join();
}

TEST(TcpStream, RefusedConnectionIsUnavailable) {
  std::uint16_t port = 0;
  {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    ASSERT_TRUE(listener.ok());
    port = listener->port();
  }  // closed: nothing listens there now
  auto client = TcpStream::connect("127.0.0.1", port, in(1000ms));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().kind, core::ErrorKind::kUnavailable);
}

TEST(TcpStream, WriteTimesOutWhenThePeerDoesNotRead) {
  auto pair = make_pair();
  const std::string chunk(1 << 20, 'x');
  core::Result<void> result = core::success();
  std::size_t written = 0;
  for (int i = 0; i < 64 && result.ok(); ++i)
    result = pair.client.write_all(chunk, in(100ms), &written);
  ASSERT_FALSE(result.ok());
  EXPECT_LT(written, chunk.size());
}

TEST(TcpListener, AcceptTimesOutAndShutdownWakesIt) {
  auto listener = TcpListener::bind("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  auto none = listener->accept(in(50ms));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    listener->shutdown();
  });
  auto woken = listener->accept(in(5000ms));
  stopper.join();
  ASSERT_TRUE(woken.ok());
  EXPECT_FALSE(woken->has_value());
}

}  // namespace
}  // namespace ep::net
