// Message ids of the TWS socket protocol (docs/tws-wire-protocol.md §5): the first field of every
// frame. Plain constants; usable from any thread.
#pragma once

namespace ep::tws {

// Client -> server requests.
namespace out_id {
constexpr int kReqMktData = 1;
constexpr int kCancelMktData = 2;
constexpr int kPlaceOrder = 3;
constexpr int kCancelOrder = 4;
constexpr int kReqOpenOrders = 5;
constexpr int kReqAccountUpdates = 6;
constexpr int kReqExecutions = 7;
constexpr int kReqIds = 8;
constexpr int kReqContractDetails = 9;
constexpr int kReqAutoOpenOrders = 15;
constexpr int kReqAllOpenOrders = 16;
constexpr int kReqManagedAccts = 17;
constexpr int kReqHistoricalData = 20;
constexpr int kCancelHistoricalData = 25;
constexpr int kReqCurrentTime = 49;
constexpr int kReqGlobalCancel = 58;
constexpr int kReqMarketDataType = 59;
constexpr int kReqPositions = 61;
constexpr int kReqAccountSummary = 62;
constexpr int kCancelAccountSummary = 63;
constexpr int kCancelPositions = 64;
constexpr int kStartApi = 71;
constexpr int kReqPositionsMulti = 74;
constexpr int kCancelPositionsMulti = 75;
constexpr int kReqAccountUpdatesMulti = 76;
constexpr int kCancelAccountUpdatesMulti = 77;
constexpr int kReqCompletedOrders = 99;
}  // namespace out_id

// Server -> client messages.
namespace in_id {
constexpr int kTickPrice = 1;
constexpr int kTickSize = 2;
constexpr int kOrderStatus = 3;
constexpr int kErrorMessage = 4;
constexpr int kOpenOrder = 5;
constexpr int kAccountValue = 6;
constexpr int kPortfolioValue = 7;
constexpr int kAccountUpdateTime = 8;
constexpr int kNextValidId = 9;
constexpr int kContractDetails = 10;
constexpr int kExecDetails = 11;
constexpr int kManagedAccounts = 15;
constexpr int kHistoricalData = 17;
constexpr int kBondContractDetails = 18;
constexpr int kTickGeneric = 45;
constexpr int kTickString = 46;
constexpr int kCurrentTime = 49;
constexpr int kContractDetailsEnd = 52;
constexpr int kOpenOrderEnd = 53;
constexpr int kAccountDownloadEnd = 54;
constexpr int kExecDetailsEnd = 55;
constexpr int kTickSnapshotEnd = 57;
constexpr int kMarketDataType = 58;
constexpr int kCommissionReport = 59;
constexpr int kPosition = 61;
constexpr int kPositionEnd = 62;
constexpr int kAccountSummary = 63;
constexpr int kAccountSummaryEnd = 64;
constexpr int kPositionMulti = 71;
constexpr int kPositionMultiEnd = 72;
constexpr int kAccountUpdateMulti = 73;
constexpr int kAccountUpdateMultiEnd = 74;
constexpr int kTickReqParams = 81;
constexpr int kHistoricalDataUpdate = 90;
constexpr int kOrderBound = 100;
constexpr int kCompletedOrder = 101;
constexpr int kCompletedOrdersEnd = 102;
}  // namespace in_id

// Server versions at which the layouts of our subset change (docs/tws-wire-protocol.md §4.2).
// placeOrder/openOrder/completedOrder lose faProfile.
constexpr int kVersionFaProfileDesupport = 177;
constexpr int kVersionPendingPriceRevision = 178;  // execDetails gains pendingPriceRevision

}  // namespace ep::tws
