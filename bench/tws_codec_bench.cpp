// TWS codec throughput: encode a placeOrder (fields + frame) and decode an openOrder (frame
// split + typed decode), the two hot messages of an order. Google Benchmark prints the time
// per iteration, i.e. ns per message. Aim: under 2 microseconds each.
#include <benchmark/benchmark.h>

#include "tws/frame.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace {

using namespace ep::tws;

// String fields are move-assigned from std::string temporaries: assigning a literal trips
// GCC 12's -O3 -Wrestrict false positive (GCC PR 105329) under -Werror.

PlaceOrder market_order() {
  PlaceOrder m;
  m.contract.symbol = std::string("AAPL");
  m.order.order_id = 10;
  m.order.action = std::string("BUY");
  m.order.total_quantity = Decimal::of(100);
  m.order.order_type = std::string("MKT");
  m.order.tif = std::string("DAY");
  m.order.account = std::string("DU1234567");
  m.order.order_ref = std::string("ev-42:AAPL:buy");
  m.order.outside_rth = true;
  return m;
}

// An openOrder as TWS sends it for a filled MKT order (135 fields at 178).
OpenOrder filled_open_order() {
  OpenOrder m;
  m.contract.con_id = 265598;
  m.contract.symbol = std::string("AAPL");
  m.contract.right = std::string("?");
  m.contract.local_symbol = std::string("AAPL");
  m.contract.trading_class = std::string("NMS");
  m.order = market_order().order;
  m.order.client_id = 100;
  m.order.perm_id = 600745656;
  m.order.lmt_price = 0.0;
  m.order.aux_price = 0.0;
  m.order.display_size = std::nullopt;
  m.order.oca_type = 3;
  m.order.shares_allocation = std::string("600745656.0/DU1234567/100");
  m.order.delta_neutral_order_type = std::string("None");
  m.order.delta_neutral_open_close = std::string("?");
  m.order.clearing_intent = std::string("IB");
  m.order.adjusted_order_type = std::string("None");
  m.order.dont_use_auto_price_for_hedge = true;
  m.order.min_compete_size = 100;
  m.order.compete_against_best_offset = 0.02;
  m.state.status = std::string("Filled");
  for (auto* margin :
       {&m.state.init_margin_before, &m.state.maint_margin_before, &m.state.equity_with_loan_before,
        &m.state.init_margin_change, &m.state.maint_margin_change, &m.state.equity_with_loan_change,
        &m.state.init_margin_after, &m.state.maint_margin_after, &m.state.equity_with_loan_after}) {
    *margin = std::string("1.7976931348623157E308");
  }
  return m;
}

void BM_EncodePlaceOrder(benchmark::State& state) {
  const PlaceOrder order = market_order();
  for (auto _ : state) {
    std::string frame = encode_frame(encode(order, 178));
    benchmark::DoNotOptimize(frame);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodePlaceOrder);

void BM_DecodeOpenOrder(benchmark::State& state) {
  const std::string frame = encode_frame(encode(filled_open_order(), 178));
  for (auto _ : state) {
    FrameDecoder decoder;
    decoder.feed(frame);
    auto fields = decoder.next();
    auto message = decode_incoming(**fields, 178);
    if (!message.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeOpenOrder);

void BM_DecodeOpenOrderFieldsOnly(benchmark::State& state) {
  const Fields fields = encode(filled_open_order(), 178);
  for (auto _ : state) {
    auto message = decode_incoming(fields, 178);
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeOpenOrderFieldsOnly);

void BM_DecodeTickPrice(benchmark::State& state) {
  const std::string frame = encode_frame({"1", "6", "1001", "68", "255.45", "200", "0"});
  for (auto _ : state) {
    FrameDecoder decoder;
    decoder.feed(frame);
    auto fields = decoder.next();
    auto message = decode_incoming(**fields, 178);
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeTickPrice);

}  // namespace
