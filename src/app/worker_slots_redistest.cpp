// Worker slots and persisted client ids against a real redis-server: two processes never share
// a worker id or a client id, a dead process's slot (and its client id) goes to the restarted
// one at once, a live one is skipped, and the heartbeat renewal notices a takeover.
#include "app/worker_slots.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::app {
namespace {

using redis_queue::RedisConnection;

class WorkerSlots : public redis_queue::RedisFixture {
 protected:
  // The host's process table: pid -> start time.
  std::map<int, std::uint64_t> running_;
  ProcessProbe probe() {
    return [this](int pid) -> std::optional<std::uint64_t> {
      const auto it = running_.find(pid);
      if (it == running_.end()) return std::nullopt;
      return it->second;
    };
  }
  Holder start(int pid, std::uint64_t start_time, const std::string& host = "host-a") {
    running_[pid] = start_time;
    return Holder{host, pid, start_time};
  }
  WorkerIdentity claim(RedisConnection& conn, const Holder& self,
                       std::optional<int> configured = std::nullopt) {
    auto identity = claim_worker_identity(conn, "ep", self, probe(), configured);
    EXPECT_TRUE(identity.ok()) << identity.error().message;
    return identity.ok() ? *identity : WorkerIdentity{};
  }
};

TEST_F(WorkerSlots, TwoLiveProcessesGetDistinctWorkerIdsAndClientIds) {
  RedisConnection conn(options());
  const auto first = claim(conn, start(100, 1000));
  const auto second = claim(conn, start(200, 2000));
  EXPECT_EQ(first.worker_id, "ep");
  EXPECT_EQ(second.worker_id, "ep-1");
  EXPECT_EQ(first.client_id, kFirstAssignedClientId);
  EXPECT_EQ(second.client_id, kFirstAssignedClientId + 1);
  EXPECT_TRUE(first.client_id_assigned);
  EXPECT_EQ(redis().str({"GET", "rebalance_worker_slot:ep"}), "host-a 100 1000");
  EXPECT_EQ(redis().str({"GET", "rebalance_worker_slot:ep-1"}), "host-a 200 2000");
  const auto ttl = redis().integer({"TTL", "rebalance_worker_slot:ep"});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, kSlotTtlSeconds);
  EXPECT_EQ(redis().str({"HGET", "rebalance_worker_client_ids", "ep-1"}),
            std::to_string(kFirstAssignedClientId + 1));
}

TEST_F(WorkerSlots, ARestartAfterKillGetsBackItsWorkerIdAndClientId) {
  RedisConnection conn(options());
  const auto first = claim(conn, start(100, 1000));
  const auto second = claim(conn, start(200, 2000));
  running_.erase(200);  // kill -9 of the second
  const auto restarted = claim(conn, start(300, 3000));
  EXPECT_EQ(restarted.worker_id, second.worker_id);
  EXPECT_EQ(restarted.client_id, second.client_id);
  EXPECT_EQ(restarted.took_over_from, "host-a 200 2000");
  EXPECT_NE(restarted.client_id, first.client_id);
  EXPECT_EQ(redis().str({"GET", "rebalance_worker_slot:ep-1"}), "host-a 300 3000");
}

TEST_F(WorkerSlots, APidReusedByAnotherProcessIsNotTheHolder) {
  RedisConnection conn(options());
  const auto old = claim(conn, start(1, 50));
  // The container restarted: pid 1 again, started later.
  const auto restarted = claim(conn, start(1, 80));
  EXPECT_EQ(restarted.worker_id, old.worker_id);
  EXPECT_EQ(restarted.client_id, old.client_id);
}

TEST_F(WorkerSlots, HoldersOnOtherHostsAreLeftToTheirTtl) {
  RedisConnection conn(options());
  const auto elsewhere = claim(conn, Holder{"host-b", 100, 1000});  // not in our table
  const auto here = claim(conn, start(100, 5000));
  EXPECT_EQ(elsewhere.worker_id, "ep");
  EXPECT_EQ(here.worker_id, "ep-1");
  redis().integer({"DEL", "rebalance_worker_slot:ep"});  // its TTL ran out
  const auto later = claim(conn, start(101, 6000));
  EXPECT_EQ(later.worker_id, "ep");
  EXPECT_EQ(later.client_id, elsewhere.client_id);  // the id belongs to the worker id
}

TEST_F(WorkerSlots, AConfiguredClientIdWinsAndIsNotRecorded) {
  RedisConnection conn(options());
  const auto identity = claim(conn, start(100, 1000), 17);
  EXPECT_EQ(identity.worker_id, "ep");
  EXPECT_EQ(identity.client_id, 17);
  EXPECT_FALSE(identity.client_id_assigned);
  EXPECT_EQ(redis().integer({"HLEN", "rebalance_worker_client_ids"}), 0);
}

TEST_F(WorkerSlots, ClientIdsStayDistinctWhateverTheHashHolds) {
  RedisConnection conn(options());
  redis().integer({"HSET", "rebalance_worker_client_ids", "other-ep", "3007"});
  const auto identity = claim(conn, start(100, 1000));
  EXPECT_EQ(identity.client_id, 3008);
}

TEST_F(WorkerSlots, ManyProcessesOnOneHostNeverShare) {
  std::set<std::string> worker_ids;
  std::set<int> client_ids;
  for (int i = 0; i < 12; ++i) {
    RedisConnection conn(options());
    const auto identity = claim(conn, start(1000 + i, 1));
    worker_ids.insert(identity.worker_id);
    client_ids.insert(identity.client_id);
  }
  EXPECT_EQ(worker_ids.size(), 12u);
  EXPECT_EQ(client_ids.size(), 12u);
}

TEST_F(WorkerSlots, RenewExtendsRecreatesAndNoticesATakeover) {
  RedisConnection conn(options());
  const Holder self = start(100, 1000);
  const auto identity = claim(conn, self);
  redis().integer({"EXPIRE", "rebalance_worker_slot:ep", "3"});
  auto renewed = renew_worker_slot(conn, identity, self);
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_EQ(*renewed, RenewOutcome::kRenewed);
  EXPECT_GT(redis().integer({"TTL", "rebalance_worker_slot:ep"}), 3);

  // Redis lost its data: the slot and the client id come back.
  redis().str({"FLUSHALL"});
  ASSERT_EQ(*renew_worker_slot(conn, identity, self), RenewOutcome::kRenewed);
  EXPECT_EQ(redis().str({"GET", "rebalance_worker_slot:ep"}), "host-a 100 1000");
  EXPECT_EQ(redis().str({"HGET", "rebalance_worker_client_ids", "ep"}),
            std::to_string(identity.client_id));

  redis().str({"SET", "rebalance_worker_slot:ep", "host-a 555 1"});
  ASSERT_EQ(*renew_worker_slot(conn, identity, self), RenewOutcome::kTakenOver);
  EXPECT_EQ(redis().str({"GET", "rebalance_worker_slot:ep"}), "host-a 555 1");
}

TEST_F(WorkerSlots, RedisDownIsUnavailable) {
  auto unreachable = options();
  unreachable.port = 1;
  RedisConnection conn(unreachable);
  auto identity = claim_worker_identity(conn, "ep", start(100, 1000), probe(), std::nullopt);
  ASSERT_FALSE(identity.ok());
  EXPECT_EQ(identity.error().kind, core::ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace ep::app
