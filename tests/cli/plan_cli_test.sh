#!/usr/bin/env bash
# The `plan` binary: the bundled example gives the documented plan; each bad input gives one
# line on stderr naming the field and exit code 2.
set -u
bin=$1
src=$2
fails=0

out=$("$bin" plan --input "$src/examples/snapshot.json")
expected='{"buy_budget":39584.16,"investable":99000.0,"orders":[{"quantity":18,"side":"SELL","symbol":"SPY","value":8102.16}],"skipped":[{"quantity":434,"reason":"needs 39624.20, 39584.16 left after the reserve","side":"BUY","symbol":"TLT","value":39624.2}]}'
if [[ "$out" != "$expected" ]]; then
  echo "FAIL example: got $out"; fails=$((fails + 1))
fi
out=$("$bin" plan --input - < "$src/examples/snapshot.json")
[[ "$out" == "$expected" ]] || { echo "FAIL stdin: got $out"; fails=$((fails + 1)); }

# A drift band of 10 points keeps SPY (8.12 points off its target) out; TLT still does not fit.
out=$("$bin" plan --input "$src/examples/snapshot.json" --drift-band-percent 10)
expected='{"buy_budget":31482.0,"investable":99000.0,"orders":[],"skipped":[{"quantity":18,"reason":"drift 8.12 percentage point(s) from the target, within the band 10.00","side":"SELL","symbol":"SPY","value":8102.16},{"quantity":434,"reason":"needs 39624.20, 31482.00 left after the reserve","side":"BUY","symbol":"TLT","value":39624.2}]}'
[[ "$out" == "$expected" ]] || { echo "FAIL drift band: got $out"; fails=$((fails + 1)); }
"$bin" plan --input "$src/examples/snapshot.json" --drift-band-percent 101 >/dev/null 2>&1
[[ $? -ne 0 ]] || { echo "FAIL drift band 101 accepted"; fails=$((fails + 1)); }

check_bad() {  # input, expected stderr fragment
  local err code
  err=$(printf '%s' "$1" | "$bin" plan --input - 2>&1 >/dev/null)
  code=$?
  if [[ $code -ne 2 ]]; then echo "FAIL exit $code for: $1"; fails=$((fails + 1)); return; fi
  if [[ $(printf '%s\n' "$err" | wc -l) -ne 1 || "$err" != *"$2"* ]]; then
    echo "FAIL message for: $1 -> $err"; fails=$((fails + 1))
  fi
}
check_bad 'not json' 'malformed JSON'
check_bad '{"cash": 1, "prices": {}, "allocations": []}' 'account_value: missing'
check_bad '{"account_value": 1, "cash": "x", "prices": {}, "allocations": []}' 'cash: must be a number'
check_bad '{"account_value": 1, "cash": 1, "prices": {"SPY": -2}, "allocations": []}' 'prices.SPY'
check_bad '{"account_value": 1, "cash": 1, "prices": {"SPY": 0}, "allocations": []}' 'prices.SPY'
check_bad '{"account_value": 1, "cash": 1, "prices": {}, "positions": [{"symbol": "A", "shares": -1}], "allocations": []}' 'positions[0].shares'
check_bad '{"account_value": 1, "cash": 1, "prices": {}, "allocations": [{"symbol": "A", "allocation": 2}]}' 'allocations[0].allocation'
check_bad '{"account_value": 1, "cash": 1, "prices": {}, "allocations": [{"symbol": "A", "allocation": 0.7}, {"symbol": "B", "allocation": 0.7}]}' 'above 1.01'
check_bad '{"account_value": 1, "cash": 1, "prices": {}, "allocations": [{"symbol": "A", "allocation": 0.1}, {"symbol": "A", "allocation": 0.1}]}' 'duplicate symbol A'
check_bad '{"account_value": 1, "cash": 1, "prices": {}, "allocations": [{"symbol": "", "allocation": 0.1}]}' 'must not be empty'

err=$("$bin" plan --input /nonexistent/file 2>&1 >/dev/null); code=$?
[[ $code -eq 2 && "$err" == *"cannot read"* ]] || { echo "FAIL missing file: $code $err"; fails=$((fails + 1)); }

if ((fails)); then echo "$fails checks failed"; exit 1; fi
echo "all plan CLI checks passed"
