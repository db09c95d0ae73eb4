// decode_incoming: dispatch on the id to the message families; encode(Incoming) and
// message_id by visiting.
#include <fmt/format.h>
#include <array>

#include "tws/field_reader.hpp"
#include "tws/in_messages.hpp"
#include "tws/message_ids.hpp"

namespace ep::tws {

Fields encode(const Incoming& message, int server_version) {
  return std::visit([server_version](const auto& m) { return encode(m, server_version); }, message);
}

int message_id(const Incoming& message) {
  // In the order of the Incoming alternatives.
  static constexpr std::array<int, std::variant_size_v<Incoming>> kIds = {
      in_id::kTickPrice,          in_id::kTickSize,
      in_id::kTickString,         in_id::kTickGeneric,
      in_id::kOrderStatus,        in_id::kErrorMessage,
      in_id::kOpenOrder,          in_id::kAccountValue,
      in_id::kPortfolioValue,     in_id::kAccountUpdateTime,
      in_id::kNextValidId,        in_id::kContractDetails,
      in_id::kExecDetails,        in_id::kManagedAccounts,
      in_id::kHistoricalData,     in_id::kHistoricalDataUpdate,
      in_id::kCurrentTime,        in_id::kContractDetailsEnd,
      in_id::kOpenOrderEnd,       in_id::kAccountDownloadEnd,
      in_id::kExecDetailsEnd,     in_id::kTickSnapshotEnd,
      in_id::kMarketDataType,     in_id::kCommissionReport,
      in_id::kPosition,           in_id::kPositionEnd,
      in_id::kAccountSummary,     in_id::kAccountSummaryEnd,
      in_id::kPositionMulti,      in_id::kPositionMultiEnd,
      in_id::kAccountUpdateMulti, in_id::kAccountUpdateMultiEnd,
      in_id::kTickReqParams,      in_id::kOrderBound,
      in_id::kCompletedOrder,     in_id::kCompletedOrdersEnd};
  return kIds[message.index()];
}

core::Result<Incoming> decode_incoming(const Fields& fields, int server_version) {
  if (fields.empty()) return core::invalid_input("incoming: empty message");
  const auto id = parse_int64(fields[0]);
  if (!id || *id < 0 || *id > 100000) {
    return core::invalid_input(
        fmt::format("incoming: message id is not a number: '{}'", fields[0].substr(0, 20)));
  }
  const int message_id = static_cast<int>(*id);
  Incoming message;
  core::Error error;
  using FamilyDecoder = detail::FamilyResult (*)(int, const Fields&, int, Incoming&, core::Error&);
  for (FamilyDecoder family : {&detail::decode_account_message, &detail::decode_market_data_message,
                               &detail::decode_order_message, &detail::decode_open_order_message,
                               &detail::decode_completed_order_message}) {
    switch (family(message_id, fields, server_version, message, error)) {
      case detail::FamilyResult::kDecoded:
        return message;
      case detail::FamilyResult::kFailed:
        return error;
      case detail::FamilyResult::kNotMine:
        break;
    }
  }
  return core::invalid_input(fmt::format("unknown message id {}", message_id));
}

}  // namespace ep::tws
