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

TEST(Wiring, TradingModeSelectsTheGatewayPort) {
  EXPECT_EQ(client_config(loaded({{"TRADING_MODE", "paper"}})).port, 4004);
  EXPECT_EQ(client_config(loaded({{"TRADING_MODE", "live"}})).port, 4003);
}

TEST(Wiring, RetryDelayReachesQueueAndApi) {
  const auto config = loaded({});
  EXPECT_EQ(queue_settings(config).retry_delay_seconds, 60);
  EXPECT_EQ(api_settings(config).retry_delay_seconds, 60);
}

TEST(Wiring, TheLivenessTtlSetsTheHeartbeatAndTheRecoveryGrace) {
  auto config = loaded({});
  EXPECT_EQ(queue_settings(config).liveness_ttl_s, 15);
  EXPECT_EQ(heartbeat_period(config), std::chrono::milliseconds(5000));
  EXPECT_EQ(queue_settings(config).recovery_grace_ms, 10000);  // two heartbeats
  config.processing.worker_liveness_ttl_seconds = 6;
  EXPECT_EQ(queue_settings(config).liveness_ttl_s, 6);
  EXPECT_EQ(heartbeat_period(config), std::chrono::milliseconds(2000));
  EXPECT_EQ(queue_settings(config).recovery_grace_ms, 4000);
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
