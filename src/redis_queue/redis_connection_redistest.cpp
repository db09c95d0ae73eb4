#include "redis_queue/redis_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "redis_queue/connection_pool.hpp"
#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class RedisConnectionTest : public RedisFixture {};

TEST_F(RedisConnectionTest, RunsCommandsBinarySafe) {
  RedisConnection connection(options());
  const std::string value("a\0b\r\nc", 6);
  ASSERT_TRUE(connection.command({"SET", "k", value}).ok());
  auto got = connection.command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->as_string(), value);
  EXPECT_EQ(redis().str({"GET", "k"}), value);

  auto pushed = connection.command({"RPUSH", "l", "x", "y"});
  ASSERT_TRUE(pushed.ok());
  EXPECT_EQ(pushed->integer, 2);
  auto range = connection.command({"LRANGE", "l", "0", "-1"});
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->as_strings(), (std::vector<std::string>{"x", "y"}));
  auto missing = connection.command({"GET", "nothing"});
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->is_nil());
}

TEST_F(RedisConnectionTest, ErrorReplyIsAnInternalErrorAndTheConnectionLives) {
  RedisConnection connection(options());
  ASSERT_TRUE(connection.command({"SET", "k", "v"}).ok());
  auto wrong = connection.command({"LPUSH", "k", "x"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, core::ErrorKind::kInternal);
  EXPECT_NE(wrong.error().message.find("WRONGTYPE"), std::string::npos) << wrong.error().message;
  EXPECT_TRUE(connection.connected());
  EXPECT_TRUE(connection.command({"PING"}).ok());
}

TEST_F(RedisConnectionTest, TransientErrorRepliesAreUnavailable) {
  RedisConnection connection(options());
  redis().str({"CONFIG", "SET", "maxmemory", "1"});
  auto full = connection.command({"SET", "k", "v"});
  redis().str({"CONFIG", "SET", "maxmemory", "0"});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(full.error().message.find("OOM"), std::string::npos) << full.error().message;
  EXPECT_FALSE(connection.command({}).ok());
  EXPECT_TRUE(connection.command({"SET", "k", "v"}).ok());
}

TEST_F(RedisConnectionTest, NothingListeningIsUnavailableWithAClearMessage) {
  test::RedisServer stopped;
  const int port = stopped.port();
  stopped.stop();
  RedisOptions dead = options();
  dead.port = port;
  RedisConnection connection(dead);
  auto reply = connection.command({"PING"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_EQ(reply.error().message,
            "redis 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST_F(RedisConnectionTest, BlockingCommandTimesOutOnTheServerAndTheContextSurvives) {
  RedisOptions short_timeout = options();
  short_timeout.command_timeout = 150ms;
  RedisConnection connection(short_timeout);
  const auto start = Clock::now();
  auto reply =
      connection.blocking_command({"BLMOVE", "empty", "dst", "RIGHT", "LEFT", "0.3"}, 300ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_TRUE(reply->is_nil());
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 2s);
  EXPECT_TRUE(connection.connected());
}

TEST_F(RedisConnectionTest, SocketTimeoutIsUnavailableThenReconnects) {
  RedisOptions short_timeout = options();
  short_timeout.command_timeout = 100ms;
  RedisConnection connection(short_timeout);
  // A blocking command sent as a normal one outlives the socket timeout.
  auto reply = connection.command({"BLPOP", "empty", "1"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(reply.error().message.find("timed out"), std::string::npos) << reply.error().message;
  EXPECT_FALSE(connection.connected());
  auto again = connection.command({"PING"});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->as_string(), "PONG");
}

TEST_F(RedisConnectionTest, PasswordIsUsedAndNeverEchoed) {
  redis().str({"CONFIG", "SET", "requirepass", "s3cret-pass"});
  RedisOptions with_password = options();
  with_password.password = "wrong-hunter2";
  RedisConnection wrong(with_password);
  auto refused = wrong.command({"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.find("hunter2"), std::string::npos);
  EXPECT_NE(refused.error().message.find("authentication failed"), std::string::npos);

  with_password.password = "s3cret-pass";
  RedisConnection right(with_password);
  EXPECT_TRUE(right.command({"PING"}).ok());
  EXPECT_TRUE(right.command({"CONFIG", "SET", "requirepass", ""}).ok());
}

TEST_F(RedisConnectionTest, SelectsTheConfiguredDatabase) {
  RedisOptions db3 = options();
  db3.db = 3;
  RedisConnection connection(db3);
  ASSERT_TRUE(connection.command({"SET", "only_in_3", "v"}).ok());
  EXPECT_EQ(redis().integer({"EXISTS", "only_in_3"}), 0);
  redis().str({"SELECT", "3"});
  EXPECT_EQ(redis().str({"GET", "only_in_3"}), "v");
}

TEST_F(RedisConnectionTest, ReconnectsAfterARestartAndSurvivesWritesToAClosedSocket) {
  test::RedisServer own;
  RedisOptions own_options = options();
  own_options.port = own.port();
  RedisConnection connection(own_options);
  ASSERT_TRUE(connection.command({"PING"}).ok());
  own.stop();
  // Two writes to the dead socket: the second would raise SIGPIPE without the guard.
  EXPECT_FALSE(connection.command({"PING"}).ok());
  EXPECT_FALSE(connection.command({"PING"}).ok());
  own.start();
  auto reply = connection.command({"PING"});
  ASSERT_TRUE(reply.ok()) << reply.error().message;
}

TEST_F(RedisConnectionTest, PoolReusesIdleConnections) {
  ConnectionPool pool(options(), 2);
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    ASSERT_TRUE(a->command({"PING"}).ok());
    ASSERT_TRUE(b->command({"PING"}).ok());
  }
  for (int i = 0; i < 5; ++i) {
    auto c = pool.acquire();
    ASSERT_TRUE(c->command({"PING"}).ok());
  }
  // 1 (the test client) + 2 pooled: no new connection per acquire.
  const std::string list = redis().str({"CLIENT", "LIST"});
  EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 3);
}

}  // namespace
}  // namespace ep::redis_queue
