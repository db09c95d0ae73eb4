#include <algorithm>
#include <map>
#include <optional>

#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/open_order_ops.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {

core::Result<std::vector<core::Execution>> fetch_executions(Session& session,
                                                            const ClientConfig& config,
                                                            const std::string& account,
                                                            Deadline deadline) {
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  const int request_id = session.next_request_id();
  listener.add_request(request_id);
  tws::ReqExecutions request;
  request.req_id = request_id;
  request.filter.account = account;  // time empty: TWS returns the current day's executions
  if (auto sent = session.send(request, deadline); !sent) {
    return core::unavailable("executions not requested: " + sent.error().message);
  }
  std::map<std::string, core::Execution> executions;  // by exec id
  std::map<std::string, double> commissions;
  bool ended = false;
  Deadline grace_until = deadline;  // once ended: how long missing commissions may still come
  std::optional<core::Error> failed;
  const auto next = [&]() -> std::optional<Deadline> {
    if (failed) return std::nullopt;
    if (!ended) return deadline;
    const bool all = std::all_of(executions.begin(), executions.end(),
                                 [&](const auto& e) { return commissions.count(e.first) > 0; });
    // Commissions still missing after the grace period: reported as they are.
    if (all || std::chrono::steady_clock::now() >= grace_until) return std::nullopt;
    return grace_until;
  };
  const auto end = receive_until(*mailbox, deadline, next, [&](const tws::Incoming& message) {
    if (const auto* details = std::get_if<tws::ExecDetails>(&message)) {
      if (details->req_id != request_id || details->execution.acct_number != account) return;
      auto execution = to_execution(*details);
      if (!execution) {
        failed = execution.error();  // a fill of unknown direction: never guess
        return;
      }
      executions[details->execution.exec_id] = std::move(*execution);
    } else if (const auto* report = std::get_if<tws::CommissionReport>(&message)) {
      commissions[report->exec_id] = report->commission;
    } else if (const auto* done = std::get_if<tws::ExecDetailsEnd>(&message)) {
      if (done->req_id != request_id) return;
      ended = true;
      grace_until = std::min(deadline, std::chrono::steady_clock::now() + config.commission_grace);
    } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
      if (error->id == request_id && !ended && !is_notice(error->code)) {
        failed = core::unavailable("executions for " + account + ": " + describe(*error));
      }
    }
  });
  if (failed) return *failed;
  // After execDetailsEnd only commissions were missing: what came is the answer.
  if (!ended) {
    return cut_short(
        InFlight::kReadOnly,
        end.words("executions", "executions for " + account + " incomplete at the deadline"));
  }
  std::vector<core::Execution> out;
  for (auto& [id, execution] : executions) {
    if (auto it = commissions.find(id); it != commissions.end()) execution.commission = it->second;
    out.push_back(std::move(execution));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.time != b.time ? a.time < b.time : a.exec_id < b.exec_id;
  });
  return out;
}

}  // namespace ep::tws_client
