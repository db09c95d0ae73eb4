// Prometheus metrics of the event processor, served as text by GET /metrics. The app records
// through the methods below from any thread (prometheus-cpp metrics are atomic; the few pieces
// of state kept here are mutex-guarded). Label values are normalised to small fixed sets so a
// strange event can never create unbounded series.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/event_queue.hpp"
#include "core/queue_inspector.hpp"
#include "monitor_http/connection_registry.hpp"
#include "monitor_http/process_stats.hpp"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
template <typename T>
class Family;
class Histogram;
}  // namespace prometheus

namespace ep::monitor_http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // ep_build_info{version, service_version} = 1: the binary's build version and SERVICE_VERSION.
  void build_info(std::string_view version, std::string_view service_version);
  // One event finished processing. command: rebalance, print-rebalance, print-positions,
  // print-equity, print-orders, cancel-orders (anything else counts as "unknown"); the outcome
  // label is the record's status (done, retry, market_closed, dead_letter). A retry also counts
  // ep_retries_total and a dead letter ep_dead_letters_total; done sets
  // ep_last_success_timestamp_seconds{command} to the current unix time.
  void event_handled(std::string_view command, core::OutcomeStatus outcome);
  // state: placed, filled, rejected, cancelled; anything else counts as "unknown".
  void order_state(std::string_view state);
  // One rebalance phase took this long (phase names as the processor's outcome record has them).
  void phase_duration(std::string_view phase, double seconds);
  // One order's slippage in basis points against its planned quote. side: BUY/SELL, order_type:
  // MKT/LMT (others count as "unknown"); labels lower-cased.
  void order_slippage(std::string_view side, std::string_view order_type, double bp);
  // Gateway state: connected now, and the client's running totals since start of reconnects and
  // pacing waits (the counters advance by the difference from the previous call).
  void gateway(bool connected, std::uint64_t reconnects_total, std::uint64_t pacing_waits_total);
  void allocation_latency(double seconds);
  // A queue move that fewer replicas than REDIS_WAIT_REPLICAS confirmed in time (WAIT): done on
  // the master, lost only if the master dies before the replica catches up.
  void redis_unreplicated_move();
  // One webhook notification ended (README "Notifications"). kind: dead_letter, retry_threshold,
  // trading_mode_mismatch, gateway_down, gateway_recovered, suppressed; result: sent, failed,
  // dropped, suppressed (others count as "unknown").
  void notification(std::string_view kind, std::string_view result);
  // The management API's limits cut a connection or refused one (README "Management API").
  // One series per CutReason, named by its to_string.
  void http_connection_cut(CutReason reason);
  // Sets ep_queue_length{key} from a QueueInspector::counts answer (called on each scrape).
  void queue_counts(const core::QueueCounts& counts);
  // Sets the process_* figures (called on each scrape with read_process_stats()).
  void process(const ProcessStats& stats);

  // Prometheus text exposition format (version 0.0.4) of every family.
  std::string serialize() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Gauge>* build_info_;
  // Events and the queue.
  prometheus::Family<prometheus::Counter>* events_handled_;
  prometheus::Counter* retries_;
  prometheus::Counter* dead_letters_;
  prometheus::Family<prometheus::Gauge>* last_success_;
  prometheus::Counter* unreplicated_moves_;
  prometheus::Family<prometheus::Gauge>* queue_length_;
  // Orders and rebalances.
  prometheus::Family<prometheus::Counter>* orders_;
  prometheus::Family<prometheus::Histogram>* phase_seconds_;
  prometheus::Family<prometheus::Histogram>* slippage_bp_;
  prometheus::Histogram* allocation_latency_;
  // The gateway.
  prometheus::Gauge* gateway_connected_;
  prometheus::Counter* gateway_reconnects_;
  prometheus::Counter* pacing_waits_;
  // Notifications and the management API.
  prometheus::Family<prometheus::Counter>* notifications_;
  prometheus::Family<prometheus::Counter>* connections_cut_;
  // The process_* series of Prometheus's own client libraries.
  struct ProcessSeries {
    prometheus::Gauge* resident_memory;
    prometheus::Gauge* virtual_memory;
    prometheus::Counter* cpu_seconds;
    prometheus::Gauge* open_fds;
    prometheus::Gauge* max_fds;
    prometheus::Gauge* start_time;
  } process_{};

  std::mutex totals_mutex_;  // guards the last seen gateway totals
  std::uint64_t last_reconnects_total_ = 0;
  std::uint64_t last_pacing_waits_total_ = 0;

  std::mutex cpu_mutex_;  // guards the last CPU seconds added to process_.cpu_seconds
  double last_cpu_seconds_ = 0;
};

// Label helpers, exposed for tests.
std::string normalise_command_label(std::string_view command);
std::string normalise_order_state_label(std::string_view state);
std::string normalise_notification_kind_label(std::string_view kind);
std::string normalise_notification_result_label(std::string_view result);

}  // namespace ep::monitor_http
