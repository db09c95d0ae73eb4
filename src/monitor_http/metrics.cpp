#include "monitor_http/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <chrono>
#include <cmath>
#include <utility>

#include "core/commands.hpp"

namespace ep::monitor_http {
namespace {

constexpr std::array<std::string_view, 5> kOrderStates{"placed", "filled", "rejected", "cancelled",
                                                       "unknown"};
constexpr std::array<std::string_view, 6> kNotificationKinds{
    "dead_letter",  "retry_threshold",   "trading_mode_mismatch",
    "gateway_down", "gateway_recovered", "suppressed"};
constexpr std::array<std::string_view, 4> kNotificationResults{"sent", "failed", "dropped",
                                                               "suppressed"};
constexpr std::size_t kMaxLabelLength = 32;

template <std::size_t N>
std::string known_or_unknown(const std::array<std::string_view, N>& known, std::string_view value) {
  for (auto name : known) {
    if (name == value) return std::string(name);
  }
  return "unknown";
}

// Rebalance phases run from milliseconds (planning) to minutes (waiting for fills).
const prometheus::Histogram::BucketBoundaries kPhaseBuckets{0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1,
                                                            2.5,   5,    10,   30,  60,   120, 300};
// Slippage in basis points, negative = better than the quote; a gapped open reaches hundreds.
const prometheus::Histogram::BucketBoundaries kSlippageBuckets{-50, -10, -5, -1, 0,   1,   2,
                                                               5,   10,  25, 50, 100, 250, 500};
const prometheus::Histogram::BucketBoundaries kLatencyBuckets{0.01, 0.05, 0.1, 0.25, 0.5,
                                                              1,    2.5,  5,   10,   30};

// The Redis keys whose lengths are exported; names as README "Redis keys" lists them.
struct QueueKey {
  std::string_view name;
  std::int64_t core::QueueCounts::*field;
};
constexpr std::array<QueueKey, 6> kQueueKeys{{
    {"rebalance_queue", &core::QueueCounts::queue_length},
    {"active_events_set", &core::QueueCounts::active_events_count},
    {"rebalance_delayed_set", &core::QueueCounts::delayed_events_count},
    {"delayed_execution_set", &core::QueueCounts::market_closed_count},
    {"rebalance_dead_letter", &core::QueueCounts::dead_letter_count},
    {"rebalance_processing", &core::QueueCounts::processing_count},
}};

std::string lower_snake(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxLabelLength) break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || c == '_')
      out.push_back(c);
    else if (c == '-' || c == ' ')
      out.push_back('_');
  }
  return out.empty() ? std::string("unknown") : out;
}

}  // namespace

std::string normalise_command_label(std::string_view command) {
  const auto known = core::find_command(command);
  return known ? std::string(known->name) : std::string("unknown");
}

std::string normalise_notification_kind_label(std::string_view kind) {
  return known_or_unknown(kNotificationKinds, kind);
}

std::string normalise_notification_result_label(std::string_view result) {
  return known_or_unknown(kNotificationResults, result);
}

std::string normalise_order_state_label(std::string_view state) {
  return known_or_unknown(kOrderStates, state);
}

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  // A family is labelled per series; the unlabelled ones have their single series added here.
  auto counters = [&](const char* name, const char* help) {
    return &prometheus::BuildCounter().Name(name).Help(help).Register(*registry_);
  };
  auto gauges = [&](const char* name, const char* help) {
    return &prometheus::BuildGauge().Name(name).Help(help).Register(*registry_);
  };
  auto histograms = [&](const char* name, const char* help) {
    return &prometheus::BuildHistogram().Name(name).Help(help).Register(*registry_);
  };
  auto counter = [&](const char* name, const char* help) { return &counters(name, help)->Add({}); };
  auto gauge = [&](const char* name, const char* help) { return &gauges(name, help)->Add({}); };

  events_handled_ = counters("ep_events_handled_total", "Events processed, by command and outcome");
  retries_ = counter("ep_retries_total", "Events parked for a retry");
  dead_letters_ = counter("ep_dead_letters_total", "Events moved to the dead-letter list");
  unreplicated_moves_ = counter("ep_redis_unreplicated_moves_total",
                                "Queue moves no replica confirmed within REDIS_WAIT_TIMEOUT_MS");
  queue_length_ =
      gauges("ep_queue_length", "Length of each Redis queue key, refreshed on each scrape");
  for (const auto& key : kQueueKeys) queue_length_->Add({{"key", std::string(key.name)}});
  slippage_bp_ = histograms("ep_order_slippage_bp",
                            "Average fill of each order against the quote it was planned on (ask "
                            "for a buy, bid for a sell), basis points; positive = worse");
  phase_seconds_ = histograms("ep_rebalance_phase_seconds", "Duration of each rebalance phase");
  orders_ = counters("ep_orders_total", "Orders by state reached");
  for (auto state : kOrderStates) orders_->Add({{"state", std::string(state)}});
  gateway_connected_ = gauge("ep_gateway_connected", "1 while the IB Gateway session is up");
  gateway_reconnects_ = counter("ep_gateway_reconnects_total", "Reconnections to IB Gateway");
  pacing_waits_ = counter("ep_pacing_waits_total", "Requests delayed by the TWS pacing limiter");
  allocation_latency_ =
      &histograms("ep_allocation_api_latency_seconds", "Latency of allocation API requests")
           ->Add({}, kLatencyBuckets);
  notifications_ =
      counters("ep_notifications_total", "Webhook notifications by kind and how each ended");
  // Every series exists from the start at 0, so the first failure is an increase an alert rule
  // sees (a counter that appears at 1 has no earlier sample to rise from).
  for (const auto kind : kNotificationKinds) {
    for (const auto result : kNotificationResults) {
      notifications_->Add({{"kind", std::string(kind)}, {"result", std::string(result)}});
    }
  }
  connections_cut_ = counters("ep_http_connections_cut_total",
                              "Management API connections cut or refused by its limits");
  for (const auto reason : kCutReasons) {
    connections_cut_->Add({{"reason", std::string(to_string(reason))}});
  }
  build_info_ = gauges("ep_build_info", "1, labelled with the build version and SERVICE_VERSION");
  last_success_ = gauges("ep_last_success_timestamp_seconds",
                         "Unix time the last event of each command ended done");
  // The names and meanings of Prometheus's own client libraries.
  process_.resident_memory =
      gauge("process_resident_memory_bytes", "Resident memory size in bytes");
  process_.virtual_memory = gauge("process_virtual_memory_bytes", "Virtual memory size in bytes");
  process_.cpu_seconds =
      counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds");
  process_.open_fds = gauge("process_open_fds", "Number of open file descriptors");
  process_.max_fds = gauge("process_max_fds", "Maximum number of open file descriptors");
  process_.start_time =
      gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds");
}

Metrics::~Metrics() = default;

void Metrics::event_handled(std::string_view command, core::OutcomeStatus outcome) {
  events_handled_
      ->Add({{"command", normalise_command_label(command)},
             {"outcome", std::string(core::to_string(outcome))}})
      .Increment();
  if (outcome == core::OutcomeStatus::kRetry) retries_->Increment();
  if (outcome == core::OutcomeStatus::kDeadLetter) dead_letters_->Increment();
  if (outcome == core::OutcomeStatus::kDone) {
    const auto now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch());
    last_success_->Add({{"command", normalise_command_label(command)}}).Set(now.count());
  }
}

void Metrics::build_info(std::string_view version, std::string_view service_version) {
  build_info_
      ->Add({{"version", std::string(version)}, {"service_version", std::string(service_version)}})
      .Set(1);
}

void Metrics::process(const ProcessStats& stats) {
  if (stats.resident_memory_bytes) process_.resident_memory->Set(*stats.resident_memory_bytes);
  if (stats.virtual_memory_bytes) process_.virtual_memory->Set(*stats.virtual_memory_bytes);
  if (stats.open_fds) process_.open_fds->Set(*stats.open_fds);
  if (stats.max_fds) process_.max_fds->Set(*stats.max_fds);
  if (stats.start_time_seconds) process_.start_time->Set(*stats.start_time_seconds);
  if (stats.cpu_seconds) {
    // A counter only grows: add what was spent since the last scrape.
    std::lock_guard lock(cpu_mutex_);
    if (*stats.cpu_seconds > last_cpu_seconds_) {
      process_.cpu_seconds->Increment(*stats.cpu_seconds - last_cpu_seconds_);
      last_cpu_seconds_ = *stats.cpu_seconds;
    }
  }
}

void Metrics::order_state(std::string_view state) {
  orders_->Add({{"state", normalise_order_state_label(state)}}).Increment();
}

void Metrics::phase_duration(std::string_view phase, double seconds) {
  if (!(seconds >= 0)) return;  // also drops NaN
  phase_seconds_->Add({{"phase", lower_snake(phase)}}, kPhaseBuckets).Observe(seconds);
}

void Metrics::order_slippage(std::string_view side, std::string_view order_type, double bp) {
  if (!std::isfinite(bp)) return;
  const std::string side_label = side == "BUY" ? "buy" : side == "SELL" ? "sell" : "unknown";
  const std::string type_label = order_type == "LMT"   ? "lmt"
                                 : order_type == "MKT" ? "mkt"
                                                       : "unknown";
  slippage_bp_->Add({{"side", side_label}, {"order_type", type_label}}, kSlippageBuckets)
      .Observe(bp);
}

void Metrics::gateway(bool connected, std::uint64_t reconnects_total,
                      std::uint64_t pacing_waits_total) {
  gateway_connected_->Set(connected ? 1 : 0);
  std::lock_guard lock(totals_mutex_);
  // A total smaller than the last one means the client was recreated: count from zero again.
  if (reconnects_total < last_reconnects_total_) last_reconnects_total_ = 0;
  if (pacing_waits_total < last_pacing_waits_total_) last_pacing_waits_total_ = 0;
  gateway_reconnects_->Increment(static_cast<double>(reconnects_total - last_reconnects_total_));
  pacing_waits_->Increment(static_cast<double>(pacing_waits_total - last_pacing_waits_total_));
  last_reconnects_total_ = reconnects_total;
  last_pacing_waits_total_ = pacing_waits_total;
}

void Metrics::allocation_latency(double seconds) {
  if (seconds >= 0) allocation_latency_->Observe(seconds);
}

void Metrics::redis_unreplicated_move() {
  unreplicated_moves_->Increment();
}

void Metrics::notification(std::string_view kind, std::string_view result) {
  notifications_
      ->Add({{"kind", normalise_notification_kind_label(kind)},
             {"result", normalise_notification_result_label(result)}})
      .Increment();
}

void Metrics::http_connection_cut(CutReason reason) {
  connections_cut_->Add({{"reason", std::string(to_string(reason))}}).Increment();
}

void Metrics::queue_counts(const core::QueueCounts& counts) {
  for (const auto& key : kQueueKeys) {
    queue_length_->Add({{"key", std::string(key.name)}})
        .Set(static_cast<double>(counts.*(key.field)));
  }
}

std::string Metrics::serialize() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace ep::monitor_http
