#!/usr/bin/env node
// Records the exact request bytes that @stoqey/ib (tests/peer, pinned 1.6.10) sends, as golden
// vectors for our encoder (src/tws/golden_test.cpp).
//
// Usage: node record_requests.js <serverVersion 176|178> [out.jsonl]
//
// A loopback TCP listener (127.0.0.1, port 0) plays a minimal TWS: it answers the "API\0"
// hello with <serverVersion> (stoqey offers v100..193, so the server picks), sends
// managedAccounts and nextValidId after startApi, then records every frame the client sends.
// Each line of the output is {"name": <request>, "fields": [<field>, ...]}, in the order below.
// The values must match the requests built in src/tws/golden_test.cpp.
"use strict";

const net = require("net");
const fs = require("fs");
const path = require("path");
const { IBApi, EventName } = require(path.join(__dirname, "..", "node_modules", "@stoqey", "ib"));

const serverVersion = Number(process.argv[2] || "178");
const outFile = process.argv[3];
const TIMEOUT_MS = 15000;

const stock = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
const marketOrder = {
  action: "BUY", totalQuantity: 100, orderType: "MKT", tif: "DAY", account: "DU123",
  orderRef: "ev-42:AAPL", outsideRth: true, transmit: true,
};

// [name, function sending the request]; startApi comes first, sent by connect().
const requests = [
  ["reqCurrentTime", (ib) => ib.reqCurrentTime()],
  ["reqIds", (ib) => ib.reqIds(1)],
  ["reqManagedAccts", (ib) => ib.reqManagedAccts()],
  ["reqAccountUpdates", (ib) => ib.reqAccountUpdates(true, "DU123")],
  ["reqAccountSummary", (ib) => ib.reqAccountSummary(5, "All", "NetLiquidation,TotalCashValue")],
  ["cancelAccountSummary", (ib) => ib.cancelAccountSummary(5)],
  ["reqPositions", (ib) => ib.reqPositions()],
  ["cancelPositions", (ib) => ib.cancelPositions()],
  ["reqContractDetails", (ib) => ib.reqContractDetails(6, stock)],
  ["reqMarketDataType", (ib) => ib.reqMarketDataType(3)],
  ["reqMktData", (ib) => ib.reqMktData(7, stock, "", true, false)],
  ["cancelMktData", (ib) => ib.cancelMktData(7)],
  ["reqHistoricalData", (ib) => ib.reqHistoricalData(9, stock, "", "2 D", "1 day", "TRADES", 1, 1, false)],
  ["placeOrder", (ib) => ib.placeOrder(10, stock, { ...marketOrder })],
  ["placeOrderWhatIf", (ib) => ib.placeOrder(11, stock, { ...marketOrder, whatIf: true })],
  ["cancelOrder", (ib) => ib.cancelOrder(10)],
  ["reqOpenOrders", (ib) => ib.reqOpenOrders()],
  ["reqAllOpenOrders", (ib) => ib.reqAllOpenOrders()],
  ["reqAutoOpenOrders", (ib) => ib.reqAutoOpenOrders(true)],
  ["reqExecutions", (ib) => ib.reqExecutions(13, {})],
  ["reqCompletedOrders", (ib) => ib.reqCompletedOrders(false)],
  ["reqGlobalCancel", (ib) => ib.reqGlobalCancel()],
  ["reqAccountUpdatesMulti", (ib) => ib.reqAccountUpdatesMulti(14, "DU123", "", false)],
  ["reqPositionsMulti", (ib) => ib.reqPositionsMulti(15, "DU123", "")],
];

function frame(fields) {
  const body = Buffer.from(fields.map((f) => f + "\0").join(""), "utf8");
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(body.length);
  return Buffer.concat([prefix, body]);
}

function fail(message) {
  process.stderr.write(`record_requests: ${message}\n`);
  process.exit(1);
}

const recorded = [];
let ib;
const timer = setTimeout(() => fail(`timeout: recorded ${recorded.length} frames`), TIMEOUT_MS);

const server = net.createServer((socket) => {
  let buffer = Buffer.alloc(0);
  let helloDone = false;
  socket.on("data", (data) => {
    buffer = Buffer.concat([buffer, data]);
    if (!helloDone) {
      if (buffer.length < 8) return;
      if (buffer.subarray(0, 4).toString("latin1") !== "API\0") fail("no API prefix");
      const length = buffer.readUInt32BE(4);
      if (buffer.length < 8 + length) return;
      buffer = buffer.subarray(8 + length);
      helloDone = true;
      socket.write(frame([String(serverVersion), "20250722 10:00:00 EST"]));
    }
    while (buffer.length >= 4) {
      const length = buffer.readUInt32BE(0);
      if (buffer.length < 4 + length) break;
      const body = buffer.subarray(4, 4 + length).toString("utf8");
      buffer = buffer.subarray(4 + length);
      const fields = body.split("\0").slice(0, -1);
      recorded.push(fields);
      if (recorded.length === 1) {  // startApi: the session starts
        socket.write(frame(["15", "1", "DU123"]));
        socket.write(frame(["9", "1", "10"]));
      }
      if (recorded.length === requests.length + 1) finish();
    }
  });
});

function finish() {
  clearTimeout(timer);
  const names = ["startApi", ...requests.map((r) => r[0])];
  const lines = recorded.map((fields, i) => JSON.stringify({ name: names[i], fields }));
  const text = lines.join("\n") + "\n";
  if (outFile) fs.writeFileSync(outFile, text);
  else process.stdout.write(text);
  ib.disconnect();
  server.close();
  process.exit(0);
}

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  ib = new IBApi({ host: "127.0.0.1", port, clientId: 7 });
  ib.on(EventName.error, () => {});  // the fake server never answers the requests
  ib.once(EventName.nextValidId, () => {
    for (const [, send] of requests) send(ib);
  });
  ib.connect(7);
});
