// The values INDEX.md's "decoder should extract" lists for each server->client capture.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tws/testing/capture_decode.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

TEST(CaptureValues, SessionAndErrors) {
  EXPECT_EQ(decode_as<ManagedAccounts>("pyfutures-managedAccounts-v176.txt", 176).accounts,
            std::vector<std::string>{"DU7606863"});
  EXPECT_EQ(decode_as<NextValidId>("pyfutures-nextValidId-v176.txt", 176).order_id, 682);
  EXPECT_EQ(decode_as<CurrentTime>("rust-ibapi-currentTime-v173.txt", 178).epoch_seconds,
            1752606307);
  for (const auto& [file, code] :
       std::vector<std::pair<std::string, int>>{{"pyfutures-error_2104-v176.txt", 2104},
                                                {"pyfutures-error_2106-v176.txt", 2106},
                                                {"pyfutures-error_2107-v176.txt", 2107},
                                                {"pyfutures-error_2158-v176.txt", 2158}}) {
    const auto e = decode_as<ErrorMessage>(file, 178);
    EXPECT_EQ(e.id, -1) << file;
    EXPECT_EQ(e.code, code) << file;
    EXPECT_FALSE(e.message.empty()) << file;
    EXPECT_EQ(e.advanced_order_reject_json, "") << file;
  }
  const auto e321 = decode_as<ErrorMessage>("pyfutures-error_321-v176.txt", 176);
  EXPECT_EQ(e321.id, -10);
  EXPECT_EQ(e321.code, 321);
  EXPECT_EQ(e321.message,
            "Error validating request.-'bQ' : cause - Please enter a valid security type");
}

TEST(CaptureValues, AccountAndPositions) {
  const auto aapl = decode_as<Position>("rust-ibapi-position_AAPL-v173.txt", 176);
  EXPECT_EQ(aapl.account, "ACCOUNT_ID");
  EXPECT_EQ(aapl.contract.con_id, 265598);
  EXPECT_EQ(aapl.contract.symbol, "AAPL");
  EXPECT_EQ(aapl.contract.sec_type, "STK");
  EXPECT_EQ(aapl.contract.strike, 0.0);
  EXPECT_EQ(aapl.contract.right, "");
  EXPECT_EQ(aapl.contract.exchange, "NASDAQ");
  EXPECT_EQ(aapl.contract.currency, "USD");
  EXPECT_EQ(aapl.contract.local_symbol, "AAPL");
  EXPECT_EQ(aapl.contract.trading_class, "NMS");
  EXPECT_EQ(aapl.position.text, "-110");
  EXPECT_DOUBLE_EQ(aapl.avg_cost, 201.8829709);
  const auto es = decode_as<Position>("rust-ibapi-position_ES_FUT-v173.txt", 178);
  EXPECT_EQ(es.contract.con_id, 637533641);
  EXPECT_EQ(es.contract.sec_type, "FUT");
  EXPECT_EQ(es.contract.last_trade_date, "20250919");
  EXPECT_EQ(es.contract.multiplier, "50");
  EXPECT_EQ(es.contract.exchange, "");
  EXPECT_EQ(es.contract.local_symbol, "ESU5");
  EXPECT_EQ(es.contract.trading_class, "ES");
  EXPECT_DOUBLE_EQ(es.position.value, 1.0);
  EXPECT_DOUBLE_EQ(es.avg_cost, 315114.75);
  const auto btc = decode_as<Position>("nautilus-position_BTC_CRYPTO-v176.txt", 176);
  EXPECT_EQ(btc.contract.con_id, 479624278);
  EXPECT_EQ(btc.contract.sec_type, "CRYPTO");
  EXPECT_EQ(btc.contract.local_symbol, "BTC.USD");
  EXPECT_EQ(btc.position.text, "1.24115341");
  EXPECT_DOUBLE_EQ(btc.position.value, 1.24115341);
  EXPECT_DOUBLE_EQ(btc.avg_cost, 37950.0114333);
  decode_as<PositionEnd>("rust-ibapi-positionEnd-v173.txt", 176);

  const auto net =
      decode_as<AccountSummary>("pyfutures-accountSummary_NetLiquidation-v176.txt", 176);
  EXPECT_EQ(net.req_id, -10);
  EXPECT_EQ(net.account, "DU7606863");
  EXPECT_EQ(net.tag, "NetLiquidation");
  EXPECT_EQ(net.value, "868469.71");
  EXPECT_EQ(net.currency, "GBP");
  const auto type = decode_as<AccountSummary>("pyfutures-accountSummary_AccountType-v176.txt", 178);
  EXPECT_EQ(type.tag, "AccountType");
  EXPECT_EQ(type.value, "INDIVIDUAL");
  EXPECT_EQ(type.currency, "");
  EXPECT_EQ(decode_as<AccountSummaryEnd>("pyfutures-accountSummaryEnd-v176.txt", 176).req_id, -10);

  const auto code = decode_as<AccountValue>("ibkr-go-accountValue_AccountCode-v200.txt", 178);
  EXPECT_EQ(code.key, "AccountCode");
  EXPECT_EQ(code.value, "DU9000001");
  EXPECT_EQ(code.currency, "");
  EXPECT_EQ(code.account, "DU9000001");
  const auto pf = decode_as<PortfolioValue>("ibkr-go-portfolioValue_AAPL-v200.txt", 178);
  EXPECT_EQ(pf.contract.con_id, 265598);
  EXPECT_EQ(pf.contract.symbol, "AAPL");
  EXPECT_EQ(pf.contract.strike, 0.0);
  EXPECT_EQ(pf.contract.right, "0");
  EXPECT_EQ(pf.contract.multiplier, "");
  EXPECT_EQ(pf.contract.primary_exchange, "NASDAQ");
  EXPECT_EQ(pf.position.text, "-100");
  EXPECT_DOUBLE_EQ(pf.market_price, 291.6234436);
  EXPECT_DOUBLE_EQ(pf.market_value, -29162.34);
  EXPECT_DOUBLE_EQ(pf.average_cost, 291.2660812);
  EXPECT_DOUBLE_EQ(pf.unrealized_pnl, -35.74);
  EXPECT_DOUBLE_EQ(pf.realized_pnl, -71.44);
  EXPECT_EQ(pf.account, "DU9000001");
  EXPECT_EQ(decode_as<AccountUpdateTime>("ibkr-go-accountUpdateTime-v200.txt", 176).time, "14:34");
  EXPECT_EQ(decode_as<AccountDownloadEnd>("ibkr-go-accountDownloadEnd-v200.txt", 178).account,
            "DU9000001");
  const auto multi = decode_as<AccountUpdateMulti>("ibkr-go-accountUpdateMulti-v200.txt", 178);
  EXPECT_EQ(multi, (AccountUpdateMulti{1001, "DU9000001", "", "Currency", "EUR", "EUR"}));
}

TEST(CaptureValues, Contracts) {
  const auto aapl = decode_as<ContractDetails>("rust-ibapi-contractDetails_AAPL-v173.txt", 178);
  EXPECT_EQ(aapl.req_id, 9000);
  EXPECT_EQ(aapl.contract.symbol, "AAPL");
  EXPECT_EQ(aapl.contract.exchange, "SMART");
  EXPECT_EQ(aapl.contract.con_id, 265598);
  EXPECT_EQ(aapl.contract.primary_exchange, "NASDAQ");
  EXPECT_EQ(aapl.market_name, "NMS");
  EXPECT_DOUBLE_EQ(aapl.min_tick, 0.01);
  EXPECT_EQ(aapl.price_magnifier, 1);
  EXPECT_EQ(aapl.long_name, "APPLE INC");
  EXPECT_EQ(aapl.industry, "Technology");
  EXPECT_EQ(aapl.time_zone_id, "US/Eastern");
  EXPECT_EQ(aapl.sec_ids, (TagValues{{"ISIN", "US0378331005"}}));
  EXPECT_EQ(aapl.agg_group, 1);
  EXPECT_EQ(aapl.stock_type, "COMMON");
  EXPECT_EQ(aapl.min_size.text, "0.0001");
  EXPECT_EQ(aapl.suggested_size_increment.text, "100");
  EXPECT_EQ(std::count(aapl.trading_hours.begin(), aapl.trading_hours.end(), ';'), 4);
  const auto tsla = decode_as<ContractDetails>("rust-ibapi-contractDetails_TSLA-v165.txt", 176);
  EXPECT_EQ(tsla.contract.con_id, 76792991);
  EXPECT_EQ(tsla.long_name, "TESLA INC");
  EXPECT_EQ(tsla.industry, "Consumer, Cyclical");
  EXPECT_THAT(tsla.trading_hours, HasSubstr("20221231:CLOSED;20230101:CLOSED;20230102:CLOSED"));
  EXPECT_EQ(tsla.sec_ids, (TagValues{{"ISIN", "US88160R1014"}}));
  EXPECT_EQ(tsla.suggested_size_increment.text, "100");
  const auto eur = decode_as<ContractDetails>("nautilus-contractDetails_EURUSD_CASH-v176.txt", 176);
  EXPECT_EQ(eur.contract.con_id, 12087792);
  EXPECT_EQ(eur.contract.sec_type, "CASH");
  EXPECT_DOUBLE_EQ(eur.min_tick, 0.00005);
  EXPECT_EQ(eur.long_name, "European Monetary Union Euro");
  EXPECT_EQ(eur.contract.primary_exchange, "");
  EXPECT_EQ(eur.trading_hours.front(), ';');
  EXPECT_TRUE(eur.sec_ids.empty());
  EXPECT_EQ(eur.agg_group, 4);
  EXPECT_EQ(eur.market_rule_ids, "3188");
  EXPECT_DOUBLE_EQ(eur.size_increment.value, 0.01);
  const auto milk = decode_as<ContractDetails>("pyfutures-contractDetails_DA_FUT-v176.txt", 178);
  EXPECT_EQ(milk.req_id, -10);
  EXPECT_EQ(milk.contract.last_trade_date, "20240402-17:10:00");
  EXPECT_EQ(milk.contract.multiplier, "2000");
  EXPECT_EQ(milk.under_con_id, 36555530);
  EXPECT_EQ(milk.long_name, "MILK CLASS III INDEX");
  EXPECT_EQ(milk.contract_month, "202403");
  EXPECT_EQ(milk.time_zone_id, "US/Central");
  EXPECT_EQ(milk.agg_group, 2147483647);
  EXPECT_EQ(milk.under_symbol, "DA");
  EXPECT_EQ(milk.under_sec_type, "IND");
  EXPECT_EQ(milk.real_expiration_date, "20240403");
  EXPECT_EQ(decode_as<ContractDetailsEnd>("pyfutures-contractDetailsEnd-v176.txt", 176).req_id,
            -10);
}

TEST(CaptureValues, MarketData) {
  EXPECT_EQ(decode_as<MarketDataType>("ibkr-go-marketDataType-v200.txt", 178),
            (MarketDataType{1001, 3}));
  const auto price = decode_as<TickPrice>("ibkr-go-tickPrice_delayedLast-v200.txt", 178);
  EXPECT_EQ(price.req_id, 1001);
  EXPECT_EQ(price.tick_type, 68);
  EXPECT_DOUBLE_EQ(price.price, 255.45);
  EXPECT_EQ(price.size.text, "200");
  EXPECT_EQ(price.attr_mask, 0);
  const auto size = decode_as<TickSize>("ibkr-go-tickSize_delayedVolume-v200.txt", 176);
  EXPECT_EQ(size.tick_type, 74);
  EXPECT_EQ(size.size.text, "312894");
  EXPECT_EQ(decode_as<TickSnapshotEnd>("ibkr-go-tickSnapshotEnd-v200.txt", 178).req_id, 1001);
  EXPECT_EQ(decode_as<TickReqParams>("ibkr-go-tickReqParams-v200.txt", 178),
            (TickReqParams{1001, 0.01, "9c0001", 4}));
  EXPECT_EQ(decode_as<TickString>("ibkr-go-tickString_delayedLastTimestamp-v200.txt", 178),
            (TickString{1001, 88, "1775174157"}));
  EXPECT_EQ(decode_as<TickGeneric>("ibkr-go-tickGeneric_shortable-v200.txt", 178),
            (TickGeneric{1001, 46, 3.0}));
}

TEST(CaptureValues, HistoricalData) {
  const auto daily =
      decode_as<HistoricalData>("pyfutures-historicalData_daily_TRADES-v176.txt", 176);
  EXPECT_EQ(daily.req_id, -11);
  EXPECT_EQ(daily.start_date, "20240317-16:30:00");
  EXPECT_EQ(daily.end_date, "20240322-16:30:00");
  ASSERT_EQ(daily.bars.size(), 5U);
  EXPECT_EQ(daily.bars.front().date, "20240318");
  EXPECT_EQ(daily.bars.back().date, "20240322");
  EXPECT_DOUBLE_EQ(daily.bars[0].open, 16.01);
  EXPECT_DOUBLE_EQ(daily.bars[0].high, 16.3);
  EXPECT_DOUBLE_EQ(daily.bars[0].low, 15.95);
  EXPECT_DOUBLE_EQ(daily.bars[0].close, 16.16);
  EXPECT_EQ(daily.bars[0].volume.text, "568");
  EXPECT_DOUBLE_EQ(daily.bars[0].wap.value, 16.103);
  EXPECT_EQ(daily.bars[0].bar_count, 405);
  const auto bid = decode_as<HistoricalData>("pyfutures-historicalData_1min_BID-v176.txt", 178);
  EXPECT_EQ(bid.req_id, -10);
  ASSERT_EQ(bid.bars.size(), 2U);
  EXPECT_EQ(bid.bars[0].date, "1711637220");
  EXPECT_EQ(bid.bars[1].date, "1711637280");
  EXPECT_DOUBLE_EQ(bid.bars[0].volume.value, -1.0);
  EXPECT_DOUBLE_EQ(bid.bars[0].wap.value, -1.0);
  EXPECT_EQ(bid.bars[0].bar_count, -1);
  const auto update =
      decode_as<HistoricalDataUpdate>("pyfutures-historicalDataUpdate-v176.txt", 176);
  EXPECT_EQ(update.req_id, -10);
  EXPECT_EQ(update.bar.bar_count, -1);
  EXPECT_EQ(update.bar.date, "1711637280");
  EXPECT_DOUBLE_EQ(update.bar.open, 0.6531);
  EXPECT_DOUBLE_EQ(update.bar.close, 0.6532);
  EXPECT_DOUBLE_EQ(update.bar.high, 0.6532);
  EXPECT_DOUBLE_EQ(update.bar.low, 0.6531);
  EXPECT_DOUBLE_EQ(update.bar.wap.value, -1.0);
  EXPECT_DOUBLE_EQ(update.bar.volume.value, -1.0);
}

}  // namespace
}  // namespace ep::tws
