#include <algorithm>
#include <map>

#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/open_order_ops.hpp"

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
  Deadline wait_until = deadline;
  for (;;) {
    if (ended) {
      const bool all = std::all_of(executions.begin(), executions.end(),
                                   [&](const auto& e) { return commissions.count(e.first) > 0; });
      if (all) break;
    }
    auto delivery = mailbox->take(wait_until);
    if (!delivery) {
      if (ended) break;  // commissions still missing after the grace period: report as is
      return core::unavailable("executions for " + account + " incomplete at the deadline");
    }
    if (auto* lost = std::get_if<ConnectionLost>(&*delivery)) {
      if (ended) break;
      return core::unavailable("executions: " + lost->error.message);
    }
    const auto& message = std::get<tws::Incoming>(*delivery);
    if (const auto* details = std::get_if<tws::ExecDetails>(&message)) {
      if (details->req_id != request_id || details->execution.acct_number != account) continue;
      auto execution = to_execution(*details);
      if (!execution) return execution.error();  // a fill of unknown direction: never guess
      executions[details->execution.exec_id] = std::move(*execution);
    } else if (const auto* report = std::get_if<tws::CommissionReport>(&message)) {
      commissions[report->exec_id] = report->commission;
    } else if (const auto* end = std::get_if<tws::ExecDetailsEnd>(&message)) {
      if (end->req_id != request_id) continue;
      ended = true;
      wait_until = std::min(deadline, std::chrono::steady_clock::now() + config.commission_grace);
    } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
      if (error->id == request_id && !ended && !is_notice(error->code)) {
        return core::unavailable("executions for " + account + ": " + describe(*error));
      }
    }
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
