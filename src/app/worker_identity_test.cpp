// The pure rules of the worker identity: slot names, holder stamps, /proc start times, and
// when a slot may be taken over.
#include "app/worker_identity.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

namespace ep::app {
namespace {

const Holder kSelf{"host-a", 4242, 900};

// A host's process table: pid -> start time.
ProcessProbe table(std::map<int, std::uint64_t> running) {
  return [running](int pid) -> std::optional<std::uint64_t> {
    const auto it = running.find(pid);
    if (it == running.end()) return std::nullopt;
    return it->second;
  };
}

TEST(WorkerIdentity, SlotZeroIsTheNameOthersGetASuffix) {
  EXPECT_EQ(slot_worker_id("ep1", 0), "ep1");
  EXPECT_EQ(slot_worker_id("ep1", 1), "ep1-1");
  EXPECT_EQ(slot_worker_id("ep1", 12), "ep1-12");
}

TEST(WorkerIdentity, HolderStampRoundTrips) {
  EXPECT_EQ(encode_holder(kSelf), "host-a 4242 900");
  EXPECT_EQ(parse_holder("host-a 4242 900"), kSelf);
  for (const char* bad :
       {"", "host", "host 12", "host x 9", "host 12 y", " 12 9", "host -3 9", "host 12 9 "}) {
    EXPECT_FALSE(parse_holder(bad).has_value()) << bad;
  }
}

TEST(WorkerIdentity, WorkerNamesFromHostNames) {
  EXPECT_EQ(worker_name_from_host("ep-host.local"), "ep-host.local");
  EXPECT_EQ(worker_name_from_host("we ird:name"), "we-ird-name");
  EXPECT_EQ(worker_name_from_host(""), "worker");
  EXPECT_EQ(worker_name_from_host(std::string(100, 'h')).size(), 64u);
  EXPECT_TRUE(is_valid_worker_name("a.b_c-9"));
  EXPECT_FALSE(is_valid_worker_name(""));
  EXPECT_FALSE(is_valid_worker_name("a b"));
  EXPECT_FALSE(is_valid_worker_name(std::string(65, 'a')));
}

TEST(WorkerIdentity, StartTimeIsField22CountedFromTheLastParenthesis) {
  // A command name with spaces and parentheses must not shift the fields.
  const std::string stat =
      "1234 (my (odd) proc) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 "
      "987654 123456789 500";
  EXPECT_EQ(start_time_from_stat(stat), 987654u);
  EXPECT_FALSE(start_time_from_stat("1234 (short) S 1 2 3").has_value());
  EXPECT_FALSE(start_time_from_stat("no parenthesis here").has_value());
}

TEST(WorkerIdentity, ThisProcessIsReadFromProc) {
  const Holder self = this_process();
  EXPECT_EQ(self.pid, static_cast<int>(getpid()));
  EXPECT_GT(self.start_time, 0u);
  EXPECT_EQ(process_start_time(self.pid), self.start_time);
  EXPECT_FALSE(host_name().empty());
}

TEST(WorkerIdentity, SlotVerdicts) {
  const auto probe = table({{4242, 900}, {77, 500}, {1, 30}});
  EXPECT_EQ(judge_slot(std::nullopt, kSelf, probe), SlotVerdict::kFree);
  EXPECT_EQ(judge_slot("host-a 4242 900", kSelf, probe), SlotVerdict::kOurs);
  // A live process of this host.
  EXPECT_EQ(judge_slot("host-a 77 500", kSelf, probe), SlotVerdict::kLive);
  // Gone (kill -9), or its pid now belongs to a process started later (pid 1 in a restarted
  // container): ours to take.
  EXPECT_EQ(judge_slot("host-a 78 500", kSelf, probe), SlotVerdict::kStale);
  EXPECT_EQ(judge_slot("host-a 1 20", kSelf, probe), SlotVerdict::kStale);
  // Another host, or a stamp we cannot read: only its TTL frees it.
  EXPECT_EQ(judge_slot("host-b 78 500", kSelf, probe), SlotVerdict::kLive);
  EXPECT_EQ(judge_slot("garbage", kSelf, probe), SlotVerdict::kLive);
  // Without /proc nothing can be checked.
  const Holder blind{"host-a", 4242, 0};
  EXPECT_EQ(judge_slot("host-a 78 500", blind, probe), SlotVerdict::kLive);
}

}  // namespace
}  // namespace ep::app
