#include "redis_queue/redis_event_queue.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "core/secret_redactor.hpp"
#include "redis_queue/keys.hpp"
#include "redis_queue/score_text.hpp"
#include "redis_queue/testing/queue_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

class RedisEventQueueTest : public QueueFixture {
 protected:
  // Takes the next event, failing the test when there is none.
  static core::QueuedEvent take(RedisEventQueue& queue) {
    auto event = queue.next(200ms);
    EXPECT_TRUE(event.ok()) << event.error().message;
    if (!event.ok() || !event->has_value()) {
      ADD_FAILURE() << "no event";
      return {};
    }
    return **event;
  }
  // The one record of a history or dead-letter list, parsed; a failure of the test (and null,
  // so that the checks of its fields fail too) when the list does not hold exactly one.
  json only_record(const std::string& key) {
    const auto records = list(key);
    EXPECT_EQ(records.size(), 1u) << key;
    return records.size() == 1 ? json::parse(records[0]) : json{};
  }
};

TEST_F(RedisEventQueueTest, TakesEventsOldestFirstIntoItsProcessingList) {
  auto queue = make_queue();
  for (const char* id : {"e1", "e2", "e3"}) broker_push(broker_event(id, std::string("A") + id));
  for (const char* id : {"e1", "e2", "e3"}) {
    const auto event = take(queue);
    EXPECT_EQ(event.payload, broker_event(id, std::string("A") + id));  // byte for byte
    EXPECT_EQ(list("rebalance_processing:w1").front(), event.payload);
  }
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_processing:w1"}), 3);
}

TEST_F(RedisEventQueueTest, WaitsOnTheServerAndReturnsNothingWhenEmpty) {
  auto queue = make_queue();
  const auto start = Clock::now();
  auto event = queue.next(150ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_FALSE(event->has_value());
  EXPECT_GE(elapsed, 100ms);
  EXPECT_LT(elapsed, 1500ms);
  auto immediate = queue.next(0ms);
  ASSERT_TRUE(immediate.ok());
  EXPECT_FALSE(immediate->has_value());
}

TEST_F(RedisEventQueueTest, RegistersItselfWithALivenessKey) {
  auto queue = make_queue("w1", {.liveness_ttl = 7s});
  ASSERT_TRUE(queue.next(0ms).ok());
  EXPECT_EQ(redis().integer({"SISMEMBER", "rebalance_workers", "w1"}), 1);
  expect_heartbeat_renews(queue, "rebalance_worker:w1", 2s, 7s);
  // Every next() refreshes it too, before an event can enter the processing list (the
  // processor's loop relies on this and sends no heartbeat of its own).
  redis().integer({"EXPIRE", "rebalance_worker:w1", "1"});
  ASSERT_TRUE(queue.next(0ms).ok());
  EXPECT_GT(redis().integer({"TTL", "rebalance_worker:w1"}), 1);
}

TEST_F(RedisEventQueueTest, FinishLeavesProcessingDropsTheKeyAndRecordsHistory) {
  auto queue = make_queue();
  broker_push(broker_event("e1"));
  broker_push(broker_event("e2", "DU2"));
  const auto event = take(queue);
  auto record = outcome();
  core::OrderOutcome order;
  order.request.symbol = "SPY";
  order.state = core::OrderState::kFilled;
  record.orders.push_back(order);
  ASSERT_TRUE(queue.finish(event, record).ok());
  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU1:rebalance"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU2:rebalance"}), 1);
  json parsed = only_record("rebalance_history");
  EXPECT_EQ(parsed["status"], "done");
  EXPECT_EQ(parsed["event_id"], "e1");
  EXPECT_EQ(parsed["orders"][0]["symbol"], "SPY");
  EXPECT_EQ(parsed["finished_at"], "2025-07-20T14:00:00.250000+00:00");
}

TEST_F(RedisEventQueueTest, EachOutcomeIsOneScript) {
  auto queue = make_queue();
  for (const char* id : {"e1", "e2", "e3", "e4"}) broker_push(broker_event(id, id));
  for (const auto& record : every_outcome(queue)) {
    const auto event = take(queue);
    test::RedisClient monitor(server_->port());
    ASSERT_EQ(monitor.command({"MONITOR"}).text, "OK");
    ASSERT_TRUE(record(event).ok());
    // Every command the adapter sent, until the script's last step (the history trim).
    std::vector<std::string> from_client;
    int script_steps = 0;
    for (;;) {
      const std::string line = monitor.read_reply().text;
      if (line.find(" lua] ") != std::string::npos) {
        ++script_steps;
        if (line.find("\"LTRIM\"") != std::string::npos) break;
      } else {
        from_client.push_back(line.substr(0, 80));
      }
    }
    ASSERT_EQ(from_client.size(), 1u) << from_client.back();
    EXPECT_NE(from_client[0].find("\"EVAL\""), std::string::npos) << from_client[0];
    EXPECT_GE(script_steps, 4);  // LREM, SREM, the landing (unless done), LPUSH, LTRIM
  }
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_processing:w1"}), 0);
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), 0);
}

TEST_F(RedisEventQueueTest, ARetriedEventComesBackWithTheSameBytes) {
  auto queue = make_queue("w1", {.retry_delay = 60s});
  broker_push(broker_event("e1"));
  ASSERT_TRUE(queue.retry_later(take(queue), outcome("boom")).ok());
  const std::string parked = redis().array({"ZRANGE", "rebalance_delayed_set", "0", "-1"}).at(0);
  EXPECT_EQ(*queue.promote_due(at("2025-07-20T14:00:59+00:00")), 0u);  // 59 s: not yet
  EXPECT_EQ(*queue.promote_due(at("2025-07-20T14:01:00.250000+00:00")), 1u);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU1:rebalance"}), 1);
  const auto again = take(queue);
  EXPECT_EQ(again.payload, parked);
  EXPECT_EQ(json::parse(again.payload)["times_queued"], 2);
}

TEST_F(RedisEventQueueTest, HistoryIsCappedNewestFirst) {
  std::vector<std::string> fill{"LPUSH", "rebalance_history"};
  for (int i = 0; i < 1000; ++i) fill.push_back("old" + std::to_string(i));
  redis().integer(fill);
  auto queue = make_queue();
  broker_push(broker_event("e1"));
  ASSERT_TRUE(queue.finish(take(queue), outcome()).ok());
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_history"}), 1000);
  EXPECT_EQ(json::parse(redis().str({"LINDEX", "rebalance_history", "0"}))["event_id"], "e1");
  EXPECT_EQ(redis().str({"LINDEX", "rebalance_history", "-1"}), "old1");  // old0 fell off
}

TEST_F(RedisEventQueueTest, RetryLaterKeepsEveryOtherByteOfTheEvent) {
  auto queue = make_queue();
  const std::string original = broker_event("e1", "DU1", "rebalance", 2);
  broker_push(original);
  const auto event = take(queue);
  ASSERT_TRUE(queue.retry_later(event, outcome("allocation API answered 500")).ok());

  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU1:rebalance"}), 0);
  const auto members = redis().array({"ZRANGE", "rebalance_delayed_set", "0", "-1", "WITHSCORES"});
  ASSERT_EQ(members.size(), 2u);
  std::string expected = original;
  expected.replace(expected.find("\"times_queued\": 2"), 17, "\"times_queued\": 3");
  expected.insert(expected.size() - 1,
                  ", \"last_error\": \"allocation API answered 500\", "
                  "\"last_error_at\": \"2025-07-20T14:00:00.250000+00:00\"");
  EXPECT_EQ(members[0], expected);
  EXPECT_DOUBLE_EQ(std::stod(members[1]), 1753020000.25);  // finished_at in unix seconds
  EXPECT_EQ(json::parse(list("rebalance_history")[0])["status"], "retry");
}

TEST_F(RedisEventQueueTest, ParkUntilScoresTheNextOpenAndKeepsTheCount) {
  auto queue = make_queue();
  broker_push(broker_event("e1"));
  const auto event = take(queue);
  const auto open = at("2025-07-21T13:30:00+00:00");
  ASSERT_TRUE(queue.park_until(event, open, outcome("SPY: market closed")).ok());
  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), 0);
  const auto members = redis().array({"ZRANGE", "delayed_execution_set", "0", "-1", "WITHSCORES"});
  ASSERT_EQ(members.size(), 2u);
  const auto parked = json::parse(members[0]);
  EXPECT_EQ(parked["times_queued"], 1);
  EXPECT_EQ(parked["last_error"], "SPY: market closed");
  EXPECT_EQ(parked["x_unknown"]["keep"][1], "caf\u00e9");
  EXPECT_EQ(std::stoll(members[1]), 1753104600);
}

TEST_F(RedisEventQueueTest, DeadLetterKeepsAMalformedPayloadWhole) {
  auto queue = make_queue();
  const std::string malformed = "{\"event_id\": \"bad1\", \"account_id\": tru";
  redis().integer({"LPUSH", "rebalance_queue", malformed});
  redis().integer({"SADD", "active_events_set", "DU9:rebalance"});
  const auto event = take(queue);
  EXPECT_EQ(event.payload, malformed);
  auto record = outcome("malformed JSON");
  record.event_id.clear();
  record.account_id.clear();
  ASSERT_TRUE(queue.dead_letter(event, record).ok());
  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  // No key could be read from the payload: nothing else is removed.
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), 1);
  json parsed = only_record("rebalance_dead_letter");
  EXPECT_EQ(parsed["event"], malformed);
  EXPECT_EQ(parsed["reason"], "malformed JSON");
  EXPECT_EQ(parsed["failed_at"], "2025-07-20T14:00:00.250000+00:00");
}

TEST_F(RedisEventQueueTest, DeadLetterOfAValidEventDropsItsKeyAndNamesIt) {
  auto queue = make_queue();
  broker_push(broker_event("e7", "DU7", "frobnicate"));
  const auto event = take(queue);
  ASSERT_TRUE(queue.dead_letter(event, outcome("unknown command: frobnicate")).ok());
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU7:frobnicate"}), 0);
  const auto parsed = json::parse(list("rebalance_dead_letter")[0]);
  EXPECT_EQ(parsed["event"], broker_event("e7", "DU7", "frobnicate"));
  EXPECT_EQ(parsed["event_id"], "e7");
  EXPECT_EQ(parsed["account_id"], "DU7");
}

TEST_F(RedisEventQueueTest, DeadLetterReleasesTheKeyWheneverThePayloadNamesIt) {
  auto queue = make_queue();
  const std::string tail = R"(, "data": {"exec": "rebalance"}, "times_queued": 1})";
  // (payload, the key the broker added for it)
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"event_id": null, "account_id": "DU1")" + tail, "DU1:rebalance"},
      {R"({"event_id": 7, "account_id": "DU2")" + tail, "DU2:rebalance"},
      // Refused by the adapter's strict parser (a number out of double range, invalid
      // UTF-8 elsewhere): Redis's decoder still reads the two strings.
      {R"({"event_id": "e3", "n": 1e400, "account_id": "DU3")" + tail, "DU3:rebalance"},
      {"{\"event_id\": \"e4\", \"note\": \"\xff\xfe\", \"account_id\": \"DU4\"" + tail,
       "DU4:rebalance"},
      {R"({"event_id": "e5", "account_id": "")" + tail, ":rebalance"},
  };
  std::int64_t dead_letters = 0;
  for (const auto& [payload, dedup] : cases) {
    redis().integer({"SADD", "active_events_set", dedup, "OTHER:rebalance"});
    redis().integer({"LPUSH", "rebalance_queue", payload});
    const auto event = take(queue);
    ASSERT_EQ(event.payload, payload);
    ASSERT_TRUE(queue.dead_letter(event, outcome("invalid_input: event_id is missing")).ok());
    EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", dedup}), 0) << payload;
    EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "OTHER:rebalance"}), 1);
    EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), ++dead_letters);
  }
}

TEST_F(RedisEventQueueTest, OutcomeOfAnEventRecoveredMeanwhileTakesItOutOfTheQueue) {
  auto queue = make_queue();
  broker_push(broker_event("e1"));
  const auto event = take(queue);
  // Another worker judged us dead and put the event back while it ran.
  redis().str({"LMOVE", "rebalance_processing:w1", "rebalance_queue", "LEFT", "RIGHT"});
  ASSERT_TRUE(queue.finish(event, outcome()).ok());
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_history"}), 1);
}

TEST_F(RedisEventQueueTest, PromoteDueRespectsTheRetryDelayAndDueTimes) {
  auto queue = make_queue("w1", {.retry_delay = 60s});
  const auto now = at("2025-07-20T14:00:00+00:00");
  const double now_s = core::to_unix_seconds(now);
  const auto score = [&](double offset) { return format_score(now_s + offset); };
  redis().integer({"ZADD", "rebalance_delayed_set", score(-30), broker_event("young", "A1"),
                   score(-60), broker_event("ready", "A2"), score(-3600),
                   broker_event("older", "A3")});
  redis().integer({"ZADD", "delayed_execution_set", score(10), broker_event("later", "A4"),
                   score(0), broker_event("due", "A5")});
  auto moved = queue.promote_due(now);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(*moved, 3u);

  const auto queued = list("rebalance_queue");
  std::set<std::string> ids;
  for (const auto& payload : queued) ids.insert(json::parse(payload)["event_id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"ready", "older", "due"}));
  EXPECT_NE(std::find(queued.begin(), queued.end(), broker_event("ready", "A2")), queued.end());
  EXPECT_EQ(redis().array({"SMEMBERS", "active_events_set"}).size(), 3u);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A5:rebalance"}), 1);
  EXPECT_EQ(redis().array({"ZRANGE", "rebalance_delayed_set", "0", "-1"}),
            std::vector<std::string>{broker_event("young", "A1")});
  EXPECT_EQ(redis().array({"ZRANGE", "delayed_execution_set", "0", "-1"}),
            std::vector<std::string>{broker_event("later", "A4")});
}

TEST_F(RedisEventQueueTest, ConcurrentPromotersNeverDuplicate) {
  constexpr int kEvents = 300;
  std::vector<std::string> add{"ZADD", "rebalance_delayed_set"};
  for (int i = 0; i < kEvents; ++i) {
    add.push_back("1");
    add.push_back(broker_event("e" + std::to_string(i), "A" + std::to_string(i)));
  }
  redis().integer(add);
  QueueSettings settings;
  settings.retry_delay = 0s;
  settings.promote_batch = 7;  // many small script runs, so the two promoters interleave
  std::atomic<std::size_t> total{0};
  std::atomic<int> failures{0};
  auto run = [&](const std::string& worker) {
    RedisEventQueue queue(options(), worker, settings);
    for (int round = 0; round < 50; ++round) {
      auto moved = queue.promote_due(at("2025-07-20T14:00:00+00:00"));
      if (!moved.ok()) {
        ++failures;
        return;
      }
      total += *moved;
    }
  };
  std::thread a(run, "wa");
  std::thread b(run, "wb");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(total.load(), static_cast<std::size_t>(kEvents));
  const auto queued = list("rebalance_queue");
  EXPECT_EQ(queued.size(), static_cast<std::size_t>(kEvents));
  EXPECT_EQ(std::set<std::string>(queued.begin(), queued.end()).size(),
            static_cast<std::size_t>(kEvents));
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 0);
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), kEvents);
}

TEST_F(RedisEventQueueTest, RecoversADeadWorkersEventsToTheConsumingEndAndSparesLiveOnes) {
  redis().integer({"LPUSH", "rebalance_queue", "queued"});
  // The dead worker took "old" first, then "new" (BLMOVE pushes on the left).
  redis().integer({"LPUSH", "rebalance_processing:dead", "old", "new"});
  redis().integer({"SADD", "rebalance_workers", "dead", "alive"});
  redis().integer({"LPUSH", "rebalance_processing:alive", "busy"});
  redis().str({"SET", "rebalance_worker:alive", "x", "EX", "30"});
  // A forgotten worker: a processing list, no registration, no liveness key.
  redis().integer({"LPUSH", "rebalance_processing:ghost", "lost"});

  QueueSettings no_grace;
  no_grace.recovery_grace = 0ms;  // Redis has been answering all along (claim_fence tests)
  auto queue = make_queue("w1", no_grace);
  auto moved = queue.recover_orphans();
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(*moved, 3u);
  // Consumed from the right: the recovered events run next, oldest first.
  std::vector<std::string> order;
  for (int i = 0; i < 4; ++i) order.push_back(redis().str({"RPOP", "rebalance_queue"}));
  // Across workers the order is not defined; within one worker the oldest runs first.
  const auto position = [&order](const char* item) {
    return std::find(order.begin(), order.end(), item) - order.begin();
  };
  EXPECT_LT(position("old"), position("new"));
  EXPECT_LT(position("lost"), 3);
  EXPECT_EQ(order[3], "queued");
  EXPECT_EQ(list("rebalance_processing:alive"), std::vector<std::string>{"busy"});
  EXPECT_EQ(redis().integer({"EXISTS", "rebalance_processing:dead"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "rebalance_workers", "dead"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "rebalance_workers", "alive"}), 1);
  EXPECT_EQ(redis().integer({"SISMEMBER", "rebalance_workers", "w1"}), 1);
}

TEST_F(RedisEventQueueTest, OwnLeftoversFromAnEarlierLifeRunFirst) {
  broker_push(broker_event("fresh", "A2"));
  redis().integer({"LPUSH", "rebalance_processing:w1", broker_event("leftover")});
  redis().str({"SET", "rebalance_worker:w1", "x", "EX", "30"});  // our previous life's key
  QueueSettings no_grace;
  no_grace.recovery_grace = 0ms;
  auto queue = make_queue("w1", no_grace);
  EXPECT_EQ(take(queue).payload, broker_event("leftover"));
  EXPECT_EQ(take(queue).payload, broker_event("fresh", "A2"));
  // Only at start: an event taken by this life is not put back by a later recovery.
  ASSERT_TRUE(queue.recover_orphans().ok());
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_processing:w1"}), 2);
}

TEST_F(RedisEventQueueTest, PausedFollowsTheFlag) {
  auto queue = make_queue();
  EXPECT_FALSE(*queue.paused());
  redis().str({"SET", "rebalance_paused", "1"});
  EXPECT_TRUE(*queue.paused());
}

TEST_F(RedisEventQueueTest, RedisStoppedIsUnavailableAndARestartRecovers) {
  test::RedisServer own;
  RedisOptions own_options = options();
  own_options.port = own.port();
  RedisEventQueue queue(own_options, "w1");
  test::RedisClient client(own.port());
  client.integer({"LPUSH", "rebalance_queue", broker_event("e1")});
  auto first = queue.next(100ms);
  ASSERT_TRUE(first.ok() && first->has_value());

  own.stop();
  auto down = queue.next(100ms);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(down.error().message.find("redis 127.0.0.1:" + std::to_string(own.port())),
            std::string::npos);
  EXPECT_FALSE(queue.finish(**first, outcome()).ok());
  EXPECT_FALSE(queue.heartbeat().ok());
  EXPECT_FALSE(queue.promote_due(at("2025-07-20T14:00:00+00:00")).ok());

  own.start();
  test::RedisClient after(own.port());
  after.integer({"LPUSH", "rebalance_queue", broker_event("e2")});
  auto back = queue.next(100ms);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->payload, broker_event("e2"));
  EXPECT_TRUE(queue.heartbeat().ok());
}

TEST_F(RedisEventQueueTest, InFlightEventSurvivesARestartWithPersistence) {
  test::RedisServer own(test::RedisServerOptions{.append_only = true});
  RedisOptions own_options = options();
  own_options.port = own.port();
  RedisEventQueue queue(own_options, "w1");
  test::RedisClient(own.port()).integer({"LPUSH", "rebalance_queue", broker_event("e1")});
  auto taken = queue.next(100ms);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  own.restart();
  test::RedisClient after(own.port());
  EXPECT_EQ(after.array({"LRANGE", "rebalance_processing:w1", "0", "-1"}),
            std::vector<std::string>{broker_event("e1")});
  auto retried = queue.retry_later(**taken, outcome("redis restarted"));
  if (!retried.ok()) retried = queue.retry_later(**taken, outcome("redis restarted"));
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(after.integer({"LLEN", "rebalance_processing:w1"}), 0);
  EXPECT_EQ(after.integer({"ZCARD", "rebalance_delayed_set"}), 1);
}

TEST_F(RedisEventQueueTest, DeadLetterOfADepthBombKeepsItWholeAndReleasesItsKey) {
  auto queue = make_queue();
  const std::string bomb =
      R"({"event_id":"d1","account_id":"DU1","data":{"exec":"rebalance","x":)" +
      std::string(60'000, '[') + std::string(60'000, ']') + "}}";
  redis().integer({"SADD", "active_events_set", "DU1:rebalance", "OTHER:rebalance"});
  redis().integer({"LPUSH", "rebalance_queue", bomb});
  const auto event = take(queue);
  ASSERT_EQ(event.payload, bomb);
  ASSERT_TRUE(
      queue
          .dead_letter(event,
                       outcome("invalid_input: event refused: JSON nested deeper than 64 levels"))
          .ok());
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU1:rebalance"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "OTHER:rebalance"}), 1);
  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  json parsed = only_record("rebalance_dead_letter");
  EXPECT_EQ(parsed["event"], bomb);
  EXPECT_EQ(parsed["event_id"], "d1");
  EXPECT_EQ(parsed["account_id"], "DU1");
  EXPECT_NE(parsed["reason"].get<std::string>().find("nested deeper"), std::string::npos);
}

TEST_F(RedisEventQueueTest, SecretsInErrorTextsAreMaskedInEveryRecord) {
  const std::string key = "Key/4+Alloc=zz";
  QueueSettings settings;
  settings.redactor = std::make_shared<const core::SecretRedactor>(std::vector<std::string>{key});
  auto queue = make_queue("w1", settings);
  // The error quotes the key raw, JSON-escaped, URL-encoded and in base64.
  const std::string error =
      "unavailable: allocation API answered HTTP 500; body: {\"k\":\"Key\\/4+Alloc=zz\","
      "\"u\":\"Key%2F4%2BAlloc%3Dzz\",\"b\":\"S2V5LzQrQWxsb2M9eno=\",\"r\":\"Key/4+Alloc=zz\"}";
  broker_push(broker_event("e1", "DU1", "rebalance"));
  auto event = take(queue);
  ASSERT_TRUE(queue.retry_later(event, outcome(error)).ok());
  broker_push(broker_event("e2", "DU2", "rebalance"));
  event = take(queue);
  ASSERT_TRUE(queue.dead_letter(event, outcome(error)).ok());
  std::vector<std::string> stored = list("rebalance_history");
  for (const auto& text : list("rebalance_dead_letter")) stored.push_back(text);
  for (const auto& text : redis().array({"ZRANGE", "rebalance_delayed_set", "0", "-1"})) {
    stored.push_back(text);
  }
  ASSERT_EQ(stored.size(), 4u);
  for (const auto& text : stored) {
    for (const std::string spelling : {"Key/4", "Key\\/4", "Key%2F4", "S2V5LzQrQWxsb2M9eno"}) {
      EXPECT_EQ(text.find(spelling), std::string::npos) << spelling << " in " << text;
    }
    EXPECT_NE(text.find("***"), std::string::npos) << text;
    EXPECT_FALSE(json::parse(text, nullptr, false).is_discarded()) << text;
  }
}

}  // namespace
}  // namespace ep::redis_queue
