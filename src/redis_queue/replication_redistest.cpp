// The connection layer's part in Sentinel deployments (docs/queue.md "Sentinel failover"): an
// ACL user, a demoted master's READONLY dropping the connection, WAIT after a queue move.
// The failover itself runs with real sentinels in tests/e2e/test_sentinel_failover.py.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "redis_queue/redis_connection.hpp"
#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class ReplicationTest : public RedisFixture {
 protected:
  void TearDown() override { redis().command({"ACL", "DELUSER", "worker"}); }

  // A second server replicating the fixture's, once it has caught up: the master's WAIT
  // returns as soon as the replica acknowledges (it acks at sync, then every second).
  static void attach_replica(test::RedisServer& replica) {
    test::RedisClient(replica.port())
        .str({"REPLICAOF", "127.0.0.1", std::to_string(server_->port())});
    test::RedisClient master(server_->port());
    master.str({"SET", "replica_sync_marker", "1"});
    // Each WAIT blocks on the server for at most a second (the test client's read timeout is
    // longer); the first sync takes a fork and a transfer.
    for (int attempt = 0; attempt < 30; ++attempt) {
      if (master.integer({"WAIT", "1", "1000"}) == 1) return;
    }
    FAIL() << "the replica never caught up:\n" << replica.log();
  }
};

TEST_F(ReplicationTest, AnAclUserAuthenticatesWithItsNameAndAWrongPasswordIsNeverEchoed) {
  redis().str({"ACL", "SETUSER", "worker", "on", ">w0rker-pass", "~*", "&*", "+@all"});
  RedisOptions as_worker = options();
  as_worker.username = "worker";
  as_worker.password = "w0rker-pass";
  RedisConnection right(as_worker);
  auto whoami = right.command({"ACL", "WHOAMI"});
  ASSERT_TRUE(whoami.ok()) << whoami.error().message;
  EXPECT_EQ(whoami->as_string(), "worker");

  as_worker.password = "wrong-hunter2";
  RedisConnection wrong(as_worker);
  auto refused = wrong.command({"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.find("hunter2"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("authentication failed"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("WRONGPASS"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("user 'worker'"), std::string::npos)
      << refused.error().message;
}

TEST_F(ReplicationTest, ADemotedMastersReadonlyReplyDropsTheConnection) {
  test::RedisServer demoted;
  RedisOptions to_demoted = options();
  to_demoted.port = demoted.port();
  RedisConnection connection(to_demoted);
  ASSERT_TRUE(connection.command({"SET", "k", "v"}).ok());
  // What Sentinel does to an old master that comes back: it becomes a replica.
  test::RedisClient(demoted.port())
      .str({"REPLICAOF", "127.0.0.1", std::to_string(server_->port())});
  auto refused = connection.command({"SET", "k", "v2"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(refused.error().message.find("READONLY"), std::string::npos) << refused.error().message;
  // Not written to again on this socket: the next call reconnects (with Sentinel: re-resolves).
  EXPECT_FALSE(connection.connected());
}

TEST_F(ReplicationTest, AMoveNoReplicaConfirmsIsDoneAndReportedAndALoneMasterIsNotWaitedFor) {
  std::vector<Unreplicated> reports;
  RedisOptions waiting = options();
  waiting.wait_replicas = 1;
  waiting.wait_timeout = 1000ms;
  waiting.on_unreplicated = [&](const Unreplicated& move) { reports.push_back(move); };
  RedisConnection connection(waiting);
  auto moved = connection.replicated_command({"LPUSH", "rebalance_queue", "e1"});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 1);  // done on the master
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].command, "LPUSH");
  EXPECT_EQ(reports[0].wanted, 1);
  EXPECT_EQ(reports[0].acknowledged, 0);

  // No replica connected: the next move is reported at once instead of waiting the timeout.
  const auto start = Clock::now();
  ASSERT_TRUE(connection.replicated_command({"LPUSH", "rebalance_queue", "e2"}).ok());
  EXPECT_LT(Clock::now() - start, 900ms);
  EXPECT_EQ(reports.size(), 2u);

  // A replica is back: the same connection waits for it again, and it confirms.
  test::RedisServer replica;
  attach_replica(replica);
  reports.clear();
  auto again = connection.replicated_eval("return redis.call('LPUSH', KEYS[1], ARGV[1])",
                                          {"rebalance_queue"}, {"e3"});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(reports.empty());
  EXPECT_EQ(test::RedisClient(replica.port()).integer({"LLEN", "rebalance_queue"}), 3);
}

TEST_F(ReplicationTest, NoWaitIsSentWithoutReplicasAskedFor) {
  std::vector<Unreplicated> reports;
  RedisOptions plain = options();
  plain.on_unreplicated = [&](const Unreplicated& move) { reports.push_back(move); };
  RedisConnection connection(plain);
  redis().str({"CONFIG", "RESETSTAT"});
  ASSERT_TRUE(connection.replicated_command({"SET", "k", "v"}).ok());
  EXPECT_TRUE(reports.empty());
  const std::string stats = redis().str({"INFO", "commandstats"});
  EXPECT_EQ(stats.find("cmdstat_wait:"), std::string::npos) << stats;
}

}  // namespace
}  // namespace ep::redis_queue
