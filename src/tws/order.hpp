// TWS vocabulary for orders: Order (every field of placeOrder/openOrder/completedOrder at server
// versions 176-178, docs/tws-wire-protocol.md §6.5, §7.8, §7.9), OrderState (status, what-if
// margins, commission), OrderCondition and Execution. Defaults are what a plain market order sends.
// Plain values; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tws/field_writer.hpp"

namespace ep::tws {

// One order condition, kept as its type code and its type-specific fields in wire order
// (conjunction first). Our service never sends conditions; this keeps a manual TWS order
// with conditions decodable.
struct OrderCondition {
  int type = 0;  // 1 price, 3 time, 4 margin, 5 execution, 6 volume, 7 percent change
  std::vector<std::string> fields;
  bool operator==(const OrderCondition&) const = default;
};

struct Order {
  // Identity and the essentials of a market order.
  std::int64_t order_id = 0;
  int client_id = 0;         // openOrder only
  std::int64_t perm_id = 0;  // openOrder/completedOrder only
  std::string action = "BUY";
  Decimal total_quantity;
  std::string order_type = "MKT";
  std::optional<double> lmt_price;
  std::optional<double> aux_price;
  std::string tif = "DAY";
  std::string oca_group;
  std::string account;
  std::string open_close;  // IB default "" (ib_async sends "O")
  int origin = 0;
  std::string order_ref;
  bool transmit = true;
  std::int64_t parent_id = 0;
  bool block_order = false;
  bool sweep_to_fill = false;
  std::optional<int> display_size = 0;  // TWS sends 2147483647 = unset
  int trigger_method = 0;
  bool outside_rth = false;
  bool hidden = false;
  // Combos (BAG): per-leg prices and routing parameters; the legs are in Contract.
  std::vector<std::optional<double>> order_combo_leg_prices;
  TagValues smart_combo_routing_params;
  std::string combo_legs_descrip;  // openOrder/completedOrder
  std::string shares_allocation;   // deprecated; TWS fills it in openOrder
  double discretionary_amt = 0.0;
  std::string good_after_time;
  std::string good_till_date;
  std::string fa_group;
  std::string fa_method;
  std::string fa_percentage;
  std::string fa_profile;  // on the wire only below server version 177
  std::string model_code;
  int short_sale_slot = 0;
  std::string designated_location;
  int exempt_code = -1;
  int oca_type = 0;
  std::string rule80a;
  std::string settling_firm;
  bool all_or_none = false;
  std::optional<int> min_qty;
  std::optional<double> percent_offset;
  bool e_trade_only = false;
  bool firm_quote_only = false;
  std::optional<double> nbbo_price_cap;
  int auction_strategy = 0;
  std::optional<double> starting_price;
  std::optional<double> stock_ref_price;
  std::optional<double> delta;
  std::optional<double> stock_range_lower;
  std::optional<double> stock_range_upper;
  bool override_percentage_constraints = false;
  std::optional<double> volatility;
  std::optional<int> volatility_type;
  // Delta-neutral order: the 8 (openOrder) / 4 (completedOrder) extra fields are on the wire
  // whenever delta_neutral_order_type is non-empty (TWS sends "None").
  std::string delta_neutral_order_type;
  std::optional<double> delta_neutral_aux_price;
  std::int64_t delta_neutral_con_id = 0;
  std::string delta_neutral_settling_firm;
  std::string delta_neutral_clearing_account;
  std::string delta_neutral_clearing_intent;
  std::string delta_neutral_open_close;
  bool delta_neutral_short_sale = false;
  int delta_neutral_short_sale_slot = 0;
  std::string delta_neutral_designated_location;
  int continuous_update = 0;
  std::optional<int> reference_price_type;
  std::optional<double> trail_stop_price;
  std::optional<double> trailing_percent;
  std::optional<double> basis_points;  // openOrder only
  std::optional<int> basis_points_type;
  // Scale orders: the 7 extra fields exist when 0 < scale_price_increment < unset.
  std::optional<int> scale_init_level_size;
  std::optional<int> scale_subs_level_size;
  std::optional<double> scale_price_increment;
  std::optional<double> scale_price_adjust_value;
  std::optional<int> scale_price_adjust_interval;
  std::optional<double> scale_profit_offset;
  bool scale_auto_reset = false;
  std::optional<int> scale_init_position;
  std::optional<int> scale_init_fill_qty;
  bool scale_random_percent = false;
  std::string scale_table;
  std::string active_start_time;
  std::string active_stop_time;
  std::string hedge_type;
  std::string hedge_param;  // on the wire only when hedge_type is non-empty
  bool opt_out_smart_routing = false;
  std::string clearing_account;
  std::string clearing_intent;
  bool not_held = false;
  std::string algo_strategy;
  TagValues algo_params;  // on the wire only when algo_strategy is non-empty
  std::string algo_id;
  bool what_if = false;
  TagValues order_misc_options;
  bool solicited = false;
  bool randomize_size = false;
  bool randomize_price = false;
  // PEG BENCH orders only.
  int reference_contract_id = 0;
  bool is_pegged_change_amount_decrease = false;
  double pegged_change_amount = 0.0;
  double reference_change_amount = 0.0;
  std::string reference_exchange_id;
  std::vector<OrderCondition> conditions;
  bool conditions_ignore_rth = false;
  bool conditions_cancel_order = false;
  std::string adjusted_order_type;
  std::optional<double> trigger_price;
  std::optional<double> lmt_price_offset;
  std::optional<double> adjusted_stop_price;
  std::optional<double> adjusted_stop_limit_price;
  std::optional<double> adjusted_trailing_amount;
  int adjustable_trailing_unit = 0;
  std::string ext_operator;
  std::string soft_dollar_tier_name;
  std::string soft_dollar_tier_value;
  std::string soft_dollar_tier_display_name;  // openOrder only
  std::optional<double> cash_qty;
  std::string mifid2_decision_maker;
  std::string mifid2_decision_algo;
  std::string mifid2_execution_trader;
  std::string mifid2_execution_algo;
  bool dont_use_auto_price_for_hedge = false;
  bool is_oms_container = false;
  bool discretionary_up_to_limit_price = false;
  std::optional<bool> use_price_mgmt_algo;
  std::optional<int> duration;
  std::optional<int> post_to_ats;
  bool auto_cancel_parent = false;
  std::string advanced_error_override;
  std::string manual_order_time;
  std::optional<int> min_trade_qty;
  std::optional<int> min_compete_size;
  std::optional<double> compete_against_best_offset;
  std::optional<double> mid_offset_at_whole;
  std::optional<double> mid_offset_at_half;
  // completedOrder only.
  std::string auto_cancel_date;
  Decimal filled_quantity;
  std::optional<int> ref_futures_con_id;
  std::string shareholder;
  bool imbalance_only = false;
  bool route_marketable_to_bbo = false;
  std::int64_t parent_perm_id = 0;

  bool operator==(const Order&) const = default;
};

struct OrderState {
  std::string status;  // PreSubmitted, Submitted, Filled, Cancelled, ...
  // What-if margins are strings on the wire; TWS sends 1.7976931348623157E308 when unset.
  std::string init_margin_before;
  std::string maint_margin_before;
  std::string equity_with_loan_before;
  std::string init_margin_change;
  std::string maint_margin_change;
  std::string equity_with_loan_change;
  std::string init_margin_after;
  std::string maint_margin_after;
  std::string equity_with_loan_after;
  std::optional<double> commission;
  std::optional<double> min_commission;
  std::optional<double> max_commission;
  std::string commission_currency;
  std::string warning_text;
  std::string completed_time;    // completedOrder only
  std::string completed_status;  // completedOrder only
  bool operator==(const OrderState&) const = default;
};

struct Execution {
  std::int64_t order_id = 0;
  std::string exec_id;
  std::string time;  // "yyyyMMdd HH:mm:ss zone", "yyyyMMdd  HH:mm:ss" or "yyyyMMdd-HH:mm:ss"
  std::string acct_number;
  std::string exchange;
  std::string side;  // BOT / SLD
  Decimal shares;
  double price = 0.0;
  std::int64_t perm_id = 0;
  int client_id = 0;
  int liquidation = 0;
  Decimal cum_qty;
  double avg_price = 0.0;
  std::string order_ref;
  std::string ev_rule;
  std::optional<double> ev_multiplier;
  std::string model_code;
  int last_liquidity = 0;
  bool pending_price_revision = false;  // on the wire from server version 178
  bool operator==(const Execution&) const = default;
};

}  // namespace ep::tws
