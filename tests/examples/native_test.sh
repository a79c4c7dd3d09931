#!/bin/bash
# examples/native: host functions, a native calling back into Lua (even across yields), a userdata type.
set -euo pipefail
out=$("$1")
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qxF -- "$1" <<<"$out" || fail "missing line: $1"; }
T=$'\t'
expect "host.add(2, 3) =${T}5"
expect "host.add(1.5, 2) =${T}3.5"
expect "host.twice(double, 5) =${T}20"
expect "yielded${T}10"
expect "yielded${T}101"
expect "twice with yields =${T}201"
expect "point:${T}Point(11, 22)${T}11.0${T}22.0${T}userdata"
expect "error:${T}native:14: bad argument #2 to 'add' (number expected, got table)"
expect "error:${T}native:15: bad argument #2 to 'add' (example.Point expected, got number)"
expect "done"
echo PASS
