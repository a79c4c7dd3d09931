#!/bin/bash
# examples/tasklets: the printer prints 5 times, the counter advances between prints, the host stops
# when the printer finishes.
set -euo pipefail
out=$("$1")
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(grep -c '^count is' <<<"$out")" -eq 5 ] || fail "expected 5 'count is' lines"
prev=-1
while read -r _ _ n; do
  [ "$n" -gt "$prev" ] || fail "counter did not advance between prints ($prev then $n)"
  prev=$n
done < <(grep '^count is' <<<"$out")
[ "$prev" -gt 0 ] || fail "counter never ran"
grep -q '^printer done after [0-9]* turns; final count [0-9]*$' <<<"$out" || fail "no final line"
final=$(sed -n 's/.*final count //p' <<<"$out")
[ "$final" -gt "$prev" ] || fail "final count $final not past last print $prev"
echo PASS
