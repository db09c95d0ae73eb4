'use strict';
// Helpers for the @stoqey/ib peer suite: start the ibsim binary on free ports, read its control
// endpoint, and wait for decoded @stoqey/ib events with deadlines (never a fixed sleep).
const { spawn } = require('node:child_process');
const http = require('node:http');
const readline = require('node:readline');
const { IBApi, EventName } = require('@stoqey/ib');

async function startIbsim(binary, scenario, ledger) {
  const child = spawn(binary, ['--scenario', scenario, '--port', '0', '--control-port', '0', '--ledger', ledger,
                               '--log-level', 'WARNING'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ibsim printed no ports within 10 s')), 10000);
    lines.once('line', (line) => { clearTimeout(timer); resolve(line); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`ibsim exited early with ${code}`)); });
  });
  const ports = JSON.parse(first);
  return { child, port: ports.port, controlPort: ports.control_port };
}

function control(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, timeout: 5000,
                               headers: data ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        try { resolve({ status: res.statusCode, body: JSON.parse(text) }); } catch (e) { reject(e); }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`control ${method} ${path} timed out`)));
    if (data) req.write(data);
    req.end();
  });
}

// Records every event of one IBApi connection; waitFor resolves with the first recorded event
// (from `since` on) that matches, or rejects at the deadline.
class Recorder {
  constructor(api) {
    this.events = [];
    this.waiters = new Set();
    // 'all' carries every event, errors included (as [Error, code, reqId]).
    api.on(EventName.all, (name, args) => {
      if (name === EventName.error) args = [args[0] && args[0].message, args[1], args[2]];
      this.push(name, args);
    });
  }
  push(name, args) {
    this.events.push({ name, args });
    for (const waiter of [...this.waiters]) waiter();
  }
  mark() { return this.events.length; }
  find(name, pred = () => true, since = 0) {
    return this.events.slice(since).filter((e) => e.name === name && pred(...e.args));
  }
  waitFor(name, pred = () => true, since = 0, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.events.slice(since).find((e) => e.name === name && pred(...e.args));
        if (hit) { cleanup(); resolve(hit.args); return true; }
        return false;
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`no '${name}' event matched within ${timeoutMs} ms`)); }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); this.waiters.delete(check); };
      if (!check()) this.waiters.add(check);
    });
  }
  // Decoding errors of @stoqey/ib itself (code 505 UNKNOWN_ID = "unprocessed data left", underrun).
  decodeErrors() {
    return this.events.filter((e) => e.name === 'error' && /Decoding error|Underrun|No parser/.test(String(e.args[0])));
  }
}

function connect(port, clientId) {
  const api = new IBApi({ host: '127.0.0.1', port, maxReqPerSec: 40 });
  const recorder = new Recorder(api);
  api.connect(clientId);
  return { api, recorder };
}

module.exports = { startIbsim, control, connect, Recorder };
