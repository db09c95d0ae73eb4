#include "app/wiring.hpp"

#include <gtest/gtest.h>

#include "app/worker_identity.hpp"

namespace ep::app {
namespace {

config::Config loaded(std::map<std::string, std::string> env) {
  env.emplace("ALLOCATIONS_API_KEY", "k");
  env.emplace("SERVICE_VERSION", "t");
  auto config = config::load_config(config::map_environment(env));
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
  return config.ok() ? *config : config::Config{};
}

TEST(Wiring, EnvironmentReachesEveryAdapter) {
  const auto config = loaded({{"IB_HOST", "gw"},
                              {"IB_PORT", "4111"},
                              {"IB_CLIENT_ID", "1234"},
                              {"REDIS_HOST", "r"},
                              {"REDIS_PORT", "7000"},
                              {"TIME_IN_FORCE", "GTC"},
                              {"EXTENDED_HOURS_ENABLED", "true"},
                              {"MANAGEMENT_API_PORT", "8100"},
                              {"DRY_RUN", "true"}});
  EXPECT_EQ(client_config(config).host, "gw");
  EXPECT_EQ(client_config(config).port, 4111);
  EXPECT_EQ(client_config(config).client_id, 1234);
  EXPECT_EQ(redis_options(config).host, "r");
  EXPECT_EQ(redis_options(config).port, 7000);
  const auto settings = processor_settings(config);
  EXPECT_EQ(settings.time_in_force, "GTC");
  EXPECT_TRUE(settings.extended_hours);
  EXPECT_TRUE(settings.dry_run);
  EXPECT_EQ(settings.queue_wait, std::chrono::seconds{1});
  EXPECT_EQ(api_settings(config).port, 8100);
  EXPECT_EQ(api_settings(config).bind_address, "127.0.0.1");
}

TEST(Wiring, SentinelSettingsReachTheRedisOptionsAndTurnOnWait) {
  const auto plain = redis_options(loaded({}));
  EXPECT_TRUE(plain.sentinels.empty());
  EXPECT_EQ(plain.wait_replicas, 0);
  EXPECT_FALSE(plain.username);

  const auto config = loaded({{"REDIS_SENTINELS", "s1:26379, [::1]:26380"},
                              {"REDIS_MASTER_NAME", "prod"},
                              {"REDIS_USERNAME", "ep-worker"},
                              {"REDIS_PASSWORD", "redis-pw"},
                              {"REDIS_SENTINEL_PASSWORD", "sentinel-pw"}});
  const auto options = redis_options(config);
  ASSERT_EQ(options.sentinels.size(), 2u);
  EXPECT_EQ(options.sentinels[0].host, "s1");
  EXPECT_EQ(options.sentinels[0].port, 26379);
  EXPECT_EQ(options.sentinels[1].host, "::1");
  EXPECT_EQ(options.sentinels[1].port, 26380);
  EXPECT_EQ(options.master_name, "prod");
  EXPECT_EQ(options.username, "ep-worker");
  EXPECT_EQ(options.sentinel_password, "sentinel-pw");
  EXPECT_EQ(options.wait_replicas, 1);  // on by default with Sentinel
  EXPECT_EQ(options.wait_timeout, std::chrono::milliseconds(1000));
  EXPECT_EQ(redis_queue::describe_endpoint(options),
            "redis master 'prod' (sentinels s1:26379,[::1]:26380)");
  // Both passwords are secrets: masked everywhere, and never in the summary.
  const auto redactor = secret_redactor(config);
  EXPECT_EQ(redactor->redact("sentinel-pw redis-pw"), "*** ***");
  const std::string summary = config::redacted_summary(config).dump();
  EXPECT_EQ(summary.find("sentinel-pw"), std::string::npos) << summary;

  EXPECT_EQ(redis_options(loaded({{"REDIS_SENTINELS", "s1:26379"}, {"REDIS_WAIT_REPLICAS", "0"}}))
                .wait_replicas,
            0);
}

TEST(Wiring, BadSentinelListsAreRefusedNamingTheEntry) {
  for (const char* bad : {"s1", "s1:0", "s1:26379,", ":26379", "::1:26379", "s1:x"}) {
    auto config = config::load_config(config::map_environment(
        {{"ALLOCATIONS_API_KEY", "k"}, {"SERVICE_VERSION", "t"}, {"REDIS_SENTINELS", bad}}));
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_NE(config.error().message.find("REDIS_SENTINELS must be host:port"), std::string::npos)
        << config.error().message;
  }
}

TEST(Wiring, TheSharedBudgetIsKeyedByTheGatewayAndOutlastsTheClientsWindow) {
  const auto config =
      loaded({{"IB_HOST", "gw"}, {"IB_PORT", "4111"}, {"PACING_MESSAGES_PER_SECOND", "20"}});
  EXPECT_EQ(config.pacing.mode, config::PacingMode::kShared);
  const auto budget = gateway_budget_settings(config, "node-1");
  EXPECT_EQ(budget.gateway, "gw:4111");
  EXPECT_EQ(budget.messages_per_second, 20);
  EXPECT_EQ(budget.client, "node-1");
  const auto client = client_config(config);
  EXPECT_EQ(client.messages_per_second, 20);
  // A slot used at the end of its validity is still inside the budget's window by the guard.
  EXPECT_GE(budget.window,
            std::chrono::seconds{1} + client.pacing_guard + client.shared_slot_validity);
  EXPECT_LE(budget_redis_options(config).command_timeout, std::chrono::milliseconds(500));
}

TEST(Wiring, TradingModeSelectsTheGatewayPort) {
  EXPECT_EQ(client_config(loaded({{"TRADING_MODE", "paper"}})).port, 4004);
  EXPECT_EQ(client_config(loaded({{"TRADING_MODE", "live"}})).port, 4003);
}

TEST(Wiring, RetryDelayReachesQueueAndApi) {
  const auto config = loaded({});
  EXPECT_EQ(queue_settings(config).retry_delay, std::chrono::seconds(60));
  EXPECT_EQ(api_settings(config).retry_delay, std::chrono::seconds(60));
}

TEST(Wiring, TheLivenessTtlSetsTheHeartbeatAndTheRecoveryGrace) {
  auto config = loaded({});
  EXPECT_EQ(queue_settings(config).liveness_ttl, std::chrono::seconds(15));
  EXPECT_EQ(heartbeat_period(config), std::chrono::milliseconds(5000));
  EXPECT_EQ(queue_settings(config).recovery_grace, std::chrono::milliseconds(10000));  // two beats
  config.processing.worker_liveness_ttl = std::chrono::seconds(6);
  EXPECT_EQ(queue_settings(config).liveness_ttl, std::chrono::seconds(6));
  EXPECT_EQ(heartbeat_period(config), std::chrono::milliseconds(2000));
  EXPECT_EQ(queue_settings(config).recovery_grace, std::chrono::milliseconds(4000));
}

TEST(Wiring, NotificationSettingsReachTheNotifierAndThePolicy) {
  const auto off = loaded({});
  EXPECT_EQ(webhook_options(off).url, "");
  EXPECT_EQ(alert_policy_options(off).retry_threshold, 5);
  EXPECT_EQ(alert_policy_options(off).gateway_down_after, std::chrono::minutes(5));

  const auto on = loaded({{"NOTIFY_WEBHOOK_URL", "https://ntfy.example/topic-SECRET-1?auth=tok"},
                          {"NOTIFY_WEBHOOK_FORMAT", "NTFY"},
                          {"NOTIFY_RETRY_THRESHOLD", "3"},
                          {"NOTIFY_GATEWAY_DOWN_MINUTES", "0.05"}});
  EXPECT_EQ(webhook_options(on).url, "https://ntfy.example/topic-SECRET-1?auth=tok");
  EXPECT_EQ(webhook_options(on).format, notify::WebhookFormat::kNtfy);
  EXPECT_EQ(alert_policy_options(on).retry_threshold, 3);
  EXPECT_EQ(alert_policy_options(on).gateway_down_after, std::chrono::milliseconds(3000));
}

TEST(Wiring, TheWebhookUrlAndItsPathAreSecrets) {
  const auto config = loaded({{"NOTIFY_WEBHOOK_URL", "https://hooks.example/services/T0/SECRET"}});
  const auto redactor = secret_redactor(config);
  EXPECT_EQ(redactor->redact("posting to https://hooks.example/services/T0/SECRET failed"),
            "posting to *** failed");
  EXPECT_EQ(redactor->redact("POST /services/T0/SECRET: 404"), "POST ***: 404");
  EXPECT_EQ(redactor->redact("https://hooks.example"), "https://hooks.example");
  // A short path is no secret: masking it would mangle ordinary text.
  const auto short_path = secret_redactor(loaded({{"NOTIFY_WEBHOOK_URL", "http://h.example/x"}}));
  EXPECT_EQ(short_path->redact("GET /x"), "GET /x");
}

TEST(Wiring, WorkerNameIsConfiguredOrTheHostName) {
  EXPECT_EQ(worker_name(loaded({{"WORKER_NAME", "ep-a"}})), "ep-a");
  const std::string from_host = worker_name(loaded({}));
  EXPECT_EQ(from_host, worker_name_from_host(host_name()));
  EXPECT_TRUE(is_valid_worker_name(from_host)) << from_host;
  EXPECT_EQ(from_host, worker_name(loaded({})));  // stable: no pid, nothing random
}

}  // namespace
}  // namespace ep::app
