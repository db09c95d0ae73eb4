'use strict';
// The independent peer: @stoqey/ib 1.6.10 (a TWS client written by others) drives the built
// ibsim binary through IBApi and checks that every field it decodes carries the value the
// scenario implies. Usage: node ibsim_peer.test.js <path to ibsim>
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startIbsim, control, connect } = require('./harness');

const binary = process.argv[2];
const scenarioPath = path.join(__dirname, '..', '..', 'data', 'ibsim', 'peer.json');
const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
const account = scenario.accounts[0];
const acct = account.id;
const sym = scenario.symbols;
const latency = scenario.latency;
const money = (x) => x.toFixed(2);
const round = (x, places = 6) => Math.round(x * 10 ** places) / 10 ** places;
const commissionFor = (shares) => Math.max(latency.commission_min, latency.commission_per_share * shares);
const heldValue = account.positions.reduce((sum, p) => sum + p.quantity * sym[p.symbol].price, 0);
const netLiq = account.cash + heldValue;
const stock = (symbol) => ({ symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' });

test('ibsim speaks TWS to @stoqey/ib', { timeout: 55000 }, async (t) => {
  assert.ok(binary && fs.existsSync(binary), `ibsim binary missing: ${binary}`);
  const ledger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ibsim-peer-')), 'ledger.jsonl');
  const sim = await startIbsim(binary, scenarioPath, ledger);
  const clientId = 21;
  const { api, recorder: r } = connect(sim.port, clientId);
  let nextId = 0;
  try {
    await t.test('connect: version 178, managed accounts, next id, farm notices', async () => {
      const [version] = await r.waitFor('server');
      assert.equal(version, 178);
      const [accounts] = await r.waitFor('managedAccounts');
      assert.equal(accounts, acct);
      [nextId] = await r.waitFor('nextValidId');
      assert.equal(nextId, scenario.first_order_id);
      for (const code of [2104, 2106, 2158]) await r.waitFor('info', (msg, c) => c === code);
    });

    await t.test('positions', async () => {
      const since = r.mark();
      api.reqPositions();
      await r.waitFor('positionEnd', () => true, since);
      const positions = r.find('position', () => true, since);
      assert.equal(positions.length, account.positions.length);
      for (const expected of account.positions) {
        const hit = positions.find((e) => e.args[1].symbol === expected.symbol);
        assert.ok(hit, `position ${expected.symbol}`);
        const [a, contract, pos, avgCost] = hit.args;
        const spec = sym[expected.symbol];
        assert.equal(a, acct);
        assert.equal(contract.conId, spec.con_id);
        assert.equal(contract.secType, 'STK');
        assert.equal(contract.exchange, spec.primary_exchange);
        assert.equal(contract.currency, 'USD');
        assert.equal(contract.localSymbol, expected.symbol);
        assert.equal(contract.tradingClass, expected.symbol);
        assert.equal(pos, expected.quantity);
        assert.equal(avgCost, expected.avg_cost);
      }
    });

    await t.test('account updates: values, portfolio, time, download end', async () => {
      const since = r.mark();
      api.reqAccountUpdates(true, acct);
      const [endAccount] = await r.waitFor('accountDownloadEnd', () => true, since);
      assert.equal(endAccount, acct);
      const values = {};
      for (const e of r.find('updateAccountValue', () => true, since)) {
        const [key, value, currency, name] = e.args;
        assert.equal(name, acct);
        values[key] = { value, currency };
      }
      assert.deepEqual(values.NetLiquidation, { value: money(netLiq), currency: 'USD' });
      assert.deepEqual(values.TotalCashValue, { value: money(account.cash), currency: 'USD' });
      assert.deepEqual(values.AvailableFunds, { value: money(account.cash), currency: 'USD' });
      assert.deepEqual(values.BuyingPower, { value: money(account.cash), currency: 'USD' });
      assert.deepEqual(values.GrossPositionValue, { value: money(heldValue), currency: 'USD' });
      assert.deepEqual(values.AccountCode, { value: acct, currency: '' });
      assert.deepEqual(values.AccountType, { value: account.account_type, currency: '' });
      const portfolio = r.find('updatePortfolio', () => true, since);
      assert.equal(portfolio.length, account.positions.length);
      for (const expected of account.positions) {
        const hit = portfolio.find((e) => e.args[0].symbol === expected.symbol);
        const [contract, pos, marketPrice, marketValue, averageCost, unrealized, realized, name] = hit.args;
        const price = sym[expected.symbol].price;
        assert.equal(contract.conId, sym[expected.symbol].con_id);
        assert.equal(contract.primaryExch, sym[expected.symbol].primary_exchange);
        assert.equal(pos, expected.quantity);
        assert.equal(marketPrice, price);
        assert.equal(marketValue, round(expected.quantity * price, 2));
        assert.equal(averageCost, expected.avg_cost);
        assert.equal(unrealized, round(expected.quantity * (price - expected.avg_cost), 2));
        assert.equal(realized, 0);
        assert.equal(name, acct);
      }
      const [time] = await r.waitFor('updateAccountTime', () => true, since);
      assert.match(time, /^\d\d:\d\d$/);
    });

    await t.test('account summary', async () => {
      const since = r.mark();
      api.reqAccountSummary(7001, 'All', 'NetLiquidation,TotalCashValue,AccountType,BuyingPower,NoSuchTag');
      await r.waitFor('accountSummaryEnd', (id) => id === 7001, since);
      const rows = r.find('accountSummary', (id) => id === 7001, since).map((e) => e.args.slice(1));
      assert.deepEqual(rows, [
        [acct, 'NetLiquidation', money(netLiq), 'USD'],
        [acct, 'TotalCashValue', money(account.cash), 'USD'],
        [acct, 'AccountType', account.account_type, ''],
        [acct, 'BuyingPower', money(account.cash), 'USD'],
      ]);
    });

    await t.test('contract details with trading hours', async () => {
      const since = r.mark();
      api.reqContractDetails(7002, stock('SPY'));
      await r.waitFor('contractDetailsEnd', (id) => id === 7002, since);
      const [, details] = (await r.waitFor('contractDetails', (id) => id === 7002, since));
      assert.equal(details.contract.conId, sym.SPY.con_id);
      assert.equal(details.contract.symbol, 'SPY');
      assert.equal(details.contract.primaryExch, sym.SPY.primary_exchange);
      assert.equal(details.longName, sym.SPY.long_name);
      assert.equal(details.minTick, 0.01);
      assert.equal(details.timeZoneId, 'America/New_York');
      assert.equal(details.stockType, 'ETF');
      const always = details.tradingHours.split(';');
      assert.equal(always.length, 7);
      for (const session of always) assert.match(session, /^\d{8}:0000-\d{8}:0000$/);
      assert.equal(details.liquidHours, details.tradingHours);

      api.reqContractDetails(7003, stock('QQQ'));
      const [, qqq] = await r.waitFor('contractDetails', (id) => id === 7003, since);
      const liquid = qqq.liquidHours.split(';');
      assert.equal(liquid.length, 7);
      assert.equal(liquid.filter((s) => s.endsWith(':CLOSED')).length, 2);  // a weekend
      for (const s of liquid.filter((x) => !x.endsWith(':CLOSED'))) assert.match(s, /^(\d{8}):0930-\1:1600$/);
      for (const s of qqq.tradingHours.split(';').filter((x) => !x.endsWith(':CLOSED'))) {
        assert.match(s, /^(\d{8}):0400-\1:2000$/);
      }
      api.reqContractDetails(7004, stock('GLD'));
      const [, gld] = await r.waitFor('contractDetails', (id) => id === 7004, since);
      for (const s of gld.tradingHours.split(';')) assert.match(s, /^\d{8}:CLOSED$/);

      api.reqContractDetails(7005, stock('NOPE'));
      const [, code] = await r.waitFor('error', (msg, c, id) => id === 7005, since);
      assert.equal(code, 200);
    });

    await t.test('snapshot prices: live, then the delayed fallback', async () => {
      let since = r.mark();
      api.reqMarketDataType(1);
      api.reqMktData(7010, stock('SPY'), '', true, false);
      await r.waitFor('tickSnapshotEnd', (id) => id === 7010, since);
      const [, type] = await r.waitFor('marketDataType', (id) => id === 7010, since);
      assert.equal(type, 1);
      const prices = Object.fromEntries(r.find('tickPrice', (id) => id === 7010, since).map((e) => [e.args[1], e.args[2]]));
      assert.equal(prices[1], sym.SPY.bid);
      assert.equal(prices[2], sym.SPY.ask);
      assert.equal(prices[4], sym.SPY.price);
      assert.equal(prices[9], sym.SPY.close);
      const [, minTick, bboExchange, permissions] = await r.waitFor('tickReqParams', (id) => id === 7010, since);
      // @stoqey/ib 1.6.10 reads tickReqParams.minTick with readInt: "0.01" decodes to 0.
      assert.equal(minTick, Math.trunc(0.01));
      assert.equal(bboExchange, '9c0001');
      assert.equal(permissions, 3);

      api.reqMktData(7011, stock('VTI'), '', true, false);  // live wanted, only delayed permitted
      assert.equal((await r.waitFor('error', (m, c, id) => id === 7011, since))[1], 354);

      since = r.mark();
      api.reqMarketDataType(3);
      api.reqMktData(7012, stock('VTI'), '', true, false);
      await r.waitFor('tickSnapshotEnd', (id) => id === 7012, since);
      assert.equal((await r.waitFor('error', (m, c, id) => id === 7012, since))[1], 10167);
      assert.equal((await r.waitFor('marketDataType', (id) => id === 7012, since))[1], 3);
      const delayed = Object.fromEntries(r.find('tickPrice', (id) => id === 7012, since).map((e) => [e.args[1], e.args[2]]));
      assert.equal(delayed[66], sym.VTI.bid);
      assert.equal(delayed[67], sym.VTI.ask);
      assert.equal(delayed[68], sym.VTI.price);
      assert.equal(delayed[75], sym.VTI.close);
      assert.equal(delayed[1], undefined);

      api.reqMktData(7013, stock('IWM'), '', true, false);  // nothing permitted
      assert.equal((await r.waitFor('error', (m, c, id) => id === 7013, since))[1], 10168);
      api.reqMarketDataType(1);
    });

    await t.test('historical bars with a last close', async () => {
      const since = r.mark();
      api.reqHistoricalData(7020, stock('SPY'), '', '5 D', '1 day', 'TRADES', 1, 1, false);
      await r.waitFor('historicalData', (id, date) => id === 7020 && String(date).startsWith('finished'), since);
      const bars = r.find('historicalData', (id, date) => id === 7020 && !String(date).startsWith('finished'), since);
      assert.equal(bars.length, 5);
      for (const bar of bars) assert.match(bar.args[1], /^\d{8}$/);
      assert.equal(bars[4].args[5], sym.SPY.price);  // the last close is the current price
      assert.equal(bars[3].args[5], sym.SPY.close);
    });

    await t.test('whatIf: one openOrder with margins and commission, no order', async () => {
      const since = r.mark();
      const id = nextId++;
      api.placeOrder(id, stock('SPY'), { action: 'BUY', totalQuantity: 10, orderType: 'MKT', whatIf: true,
                                         account: acct, tif: 'DAY', transmit: true });
      const [orderId, contract, order, state] = await r.waitFor('openOrder', (oid) => oid === id, since);
      assert.equal(orderId, id);
      assert.equal(contract.conId, sym.SPY.con_id);
      assert.equal(order.whatIf, true);
      assert.equal(order.totalQuantity, 10);
      // @stoqey/ib parses the margin strings into numbers.
      assert.equal(state.initMarginBefore, round(heldValue, 2));
      assert.equal(state.initMarginAfter, round(heldValue + 10 * sym.SPY.price, 2));
      assert.equal(state.initMarginChange, round(10 * sym.SPY.price, 2));
      assert.equal(state.maintMarginAfter, round(heldValue + 10 * sym.SPY.price, 2));
      assert.equal(state.equityWithLoanBefore, round(netLiq, 2));
      assert.equal(state.equityWithLoanAfter,
                   round(netLiq - 10 * (sym.SPY.ask - sym.SPY.price) - commissionFor(10), 2));
      assert.equal(state.commission, commissionFor(10));
      assert.equal(state.commissionCurrency, 'USD');
      const rejectId = nextId++;
      api.placeOrder(rejectId, stock('SPY'), { action: 'BUY', totalQuantity: 1000, orderType: 'MKT', whatIf: true,
                                               account: acct, transmit: true });
      const [message, code] = await r.waitFor('error', (m, c, oid) => oid === rejectId, since);
      assert.equal(code, 201);
      assert.match(message, /CASH/);
      const state1 = (await control(sim.controlPort, 'GET', '/state')).body;
      assert.equal(state1.orders.length, 0);
      assert.equal(state1.what_if_checks.length, 2);
      assert.equal(r.find('orderStatus', (oid) => oid === id, since).length, 0);
    });

    let buyId;
    let sellId;
    await t.test('market orders to Filled with executions and commissions', async () => {
      const since = r.mark();
      buyId = nextId++;
      api.placeOrder(buyId, stock('TLT'), { action: 'BUY', totalQuantity: 20, orderType: 'MKT', account: acct,
                                            orderRef: 'peer-buy', tif: 'DAY', transmit: true });
      await r.waitFor('orderStatus', (oid, status) => oid === buyId && status === 'Filled', since);
      const statuses = r.find('orderStatus', (oid) => oid === buyId, since).map((e) => e.args[1]);
      assert.equal(statuses[0], 'PreSubmitted');
      assert.ok(statuses.includes('Submitted'));
      const [, status, filled, remaining, avgFillPrice, permId, , lastFillPrice, cid] =
          (await r.waitFor('orderStatus', (oid, s) => oid === buyId && s === 'Filled', since));
      assert.equal(status, 'Filled');
      assert.equal(filled, 20);
      assert.equal(remaining, 0);
      assert.equal(avgFillPrice, sym.TLT.ask);
      assert.equal(lastFillPrice, sym.TLT.ask);
      assert.equal(cid, clientId);
      assert.ok(permId > 0);
      const [, , filledOrder, filledState] = await r.waitFor('openOrder', (oid, c, o, s) => oid === buyId && s.status === 'Filled', since);
      assert.equal(filledOrder.orderRef, 'peer-buy');
      assert.equal(filledOrder.account, acct);
      assert.equal(filledState.commission, commissionFor(20));

      const execs = r.find('execDetails', (reqId, c, e) => e.orderId === buyId, since);
      assert.equal(execs.length, latency.partial_fill_chunks);
      let cum = 0;
      for (const e of execs) {
        const [reqId, contract, execution] = e.args;
        cum += execution.shares;
        assert.equal(reqId, -1);
        assert.equal(contract.conId, sym.TLT.con_id);
        assert.equal(execution.side, 'BOT');
        assert.equal(execution.price, sym.TLT.ask);
        assert.equal(execution.acctNumber, acct);
        assert.equal(execution.clientId, clientId);
        assert.equal(execution.permId, permId);
        assert.equal(execution.cumQty, cum);
        assert.equal(execution.orderRef, 'peer-buy');
        assert.match(execution.time, /^\d{8} \d\d:\d\d:\d\d America\/New_York$/);
      }
      assert.equal(cum, 20);
      await r.waitFor('commissionReport', (c) => c.execId === execs[execs.length - 1].args[2].execId, since);
      const reports = r.find('commissionReport', (c) => execs.some((e) => e.args[2].execId === c.execId), since);
      assert.equal(reports.length, execs.length);
      assert.equal(round(reports.reduce((sum, e) => sum + e.args[0].commission, 0)), commissionFor(20));
      for (const e of reports) {
        assert.equal(e.args[0].currency, 'USD');
        assert.equal(e.args[0].realizedPNL, undefined);  // opening fill: max double -> unset
      }
      const cashAfterBuy = round(account.cash - 20 * sym.TLT.ask - commissionFor(20));
      await r.waitFor('updateAccountValue', (k, v) => k === 'TotalCashValue' && v === money(cashAfterBuy), since);
      await r.waitFor('updatePortfolio', (c, pos) => c.symbol === 'TLT' && pos === 70, since);

      // A closing sale realizes PnL.
      sellId = nextId++;
      api.placeOrder(sellId, stock('SPY'), { action: 'SELL', totalQuantity: 40, orderType: 'MKT', account: acct,
                                             orderRef: 'peer-sell', tif: 'DAY', transmit: true });
      await r.waitFor('orderStatus', (oid, s) => oid === sellId && s === 'Filled', since);
      const sells = r.find('execDetails', (reqId, c, e) => e.orderId === sellId, since);
      assert.ok(sells.every((e) => e.args[2].side === 'SLD' && e.args[2].price === sym.SPY.bid));
      await r.waitFor('commissionReport', (c) => c.execId === sells[sells.length - 1].args[2].execId, since);
      const sellReports = r.find('commissionReport', (c) => sells.some((e) => e.args[2].execId === c.execId), since);
      const realized = round(sellReports.reduce((sum, e) => sum + e.args[0].realizedPNL, 0), 4);
      assert.equal(realized, round((sym.SPY.bid - 450.25) * 40 - commissionFor(40), 4));

      const state = (await control(sim.controlPort, 'GET', '/state')).body;
      const cash = round(cashAfterBuy + 40 * sym.SPY.bid - commissionFor(40));
      assert.equal(round(state.accounts[acct].cash), cash);
      assert.deepEqual(state.accounts[acct].positions, { SPY: 60, TLT: 70 });
      const buy = state.orders.find((o) => o.order_id === buyId);
      assert.deepEqual([buy.client_id, buy.account, buy.symbol, buy.action, buy.quantity, buy.order_ref, buy.status,
                        buy.filled, buy.avg_price, buy.what_if],
                       [clientId, acct, 'TLT', 'BUY', 20, 'peer-buy', 'Filled', 20, sym.TLT.ask, false]);
    });

    let limitId;
    await t.test('a resting LMT order shows in open orders, then is cancelled with 202', async () => {
      const since = r.mark();
      limitId = nextId++;
      api.placeOrder(limitId, stock('SPY'), { action: 'BUY', totalQuantity: 5, orderType: 'LMT', lmtPrice: 400,
                                              account: acct, orderRef: 'peer-limit', tif: 'GTC', transmit: true });
      await r.waitFor('orderStatus', (oid, s) => oid === limitId && s === 'Submitted', since);
      const openSince = r.mark();
      api.reqOpenOrders();
      await r.waitFor('openOrderEnd', () => true, openSince);
      const open = r.find('openOrder', () => true, openSince);
      assert.deepEqual(open.map((e) => e.args[0]), [limitId]);
      const [, contract, order, state] = open[0].args;
      assert.equal(contract.symbol, 'SPY');
      assert.equal(order.orderType, 'LMT');
      assert.equal(order.lmtPrice, 400);
      assert.equal(order.tif, 'GTC');
      assert.equal(order.orderRef, 'peer-limit');
      assert.equal(order.clientId, clientId);
      assert.equal(state.status, 'Submitted');
      const allSince = r.mark();
      api.reqAllOpenOrders();
      await r.waitFor('openOrderEnd', () => true, allSince);
      assert.equal(r.find('openOrder', () => true, allSince).length, 1);

      api.cancelOrder(limitId);
      await r.waitFor('orderStatus', (oid, s) => oid === limitId && s === 'Cancelled', since);
      const [message, code] = await r.waitFor('error', (m, c, oid) => oid === limitId, since);
      assert.equal(code, 202);
      assert.match(message, /Order Canceled/);
      const statuses = r.find('orderStatus', (oid) => oid === limitId, since).map((e) => e.args[1]);
      assert.ok(statuses.indexOf('PendingCancel') < statuses.indexOf('Cancelled'));
    });

    await t.test('executions and completed orders', async () => {
      let since = r.mark();
      api.reqExecutions(7030, { clientId, acctCode: acct });
      await r.waitFor('execDetailsEnd', (id) => id === 7030, since);
      const execs = r.find('execDetails', (id) => id === 7030, since);
      assert.equal(execs.length, 2 * latency.partial_fill_chunks);
      assert.deepEqual([...new Set(execs.map((e) => e.args[2].orderId))].sort((a, b) => a - b), [buyId, sellId]);
      const reports = r.find('commissionReport', (c) => execs.some((e) => e.args[2].execId === c.execId), since);
      assert.equal(reports.length, execs.length);
      api.reqExecutions(7031, { clientId: clientId + 1 });
      await r.waitFor('execDetailsEnd', (id) => id === 7031, since);
      assert.equal(r.find('execDetails', (id) => id === 7031, since).length, 0);

      since = r.mark();
      api.reqCompletedOrders(false);
      await r.waitFor('completedOrdersEnd', () => true, since);
      const completed = r.find('completedOrder', () => true, since);
      const byRef = Object.fromEntries(completed.map((e) => [e.args[1].orderRef, e.args[2].status]));
      assert.deepEqual(byRef, { 'peer-buy': 'Filled', 'peer-sell': 'Filled', 'peer-limit': 'Cancelled' });
    });

    await t.test('a second connection with the same client id gets 326', async () => {
      const second = connect(sim.port, clientId);
      try {
        const [, code] = await second.recorder.waitFor('info', (m, c) => c === 326);
        assert.equal(code, 326);
        await second.recorder.waitFor('disconnected');
      } finally {
        second.api.disconnect();
      }
    });

    await t.test('the ledger has every order, what-if check and fill', async () => {
      const lines = fs.readFileSync(ledger, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.filter((l) => l.type === 'what_if').length, 2);
      assert.equal(lines.filter((l) => l.type === 'order').length, 3);
      assert.equal(lines.filter((l) => l.type === 'fill').length, 2 * latency.partial_fill_chunks);
    });

    await t.test('no decoding errors in @stoqey/ib', () => {
      assert.deepEqual(r.decodeErrors(), []);
    });
  } finally {
    api.disconnect();
    sim.child.kill('SIGTERM');
    await new Promise((resolve) => sim.child.once('exit', resolve));
  }
});
