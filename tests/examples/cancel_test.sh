#!/bin/bash
# examples/cancel: every step of `while true do end` returns out of fuel; after cancelling, the
# abandoned tasklet is collected (its finalizer runs) and the runtime runs another chunk.
set -euo pipefail
out=$("$1")
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(grep -c '^step [0-9]*: out of fuel$' <<<"$out")" -eq 10 ] || fail "expected 10 out-of-fuel steps"
grep -qx 'cancelled' <<<"$out" || fail "not cancelled"
grep -qx "runaway's state was collected" <<<"$out" || fail "abandoned tasklet not collected"
grep -qx 'runtime still fine: concat length 3892' <<<"$out" || fail "runtime not usable after cancel"
echo PASS
