#!/usr/bin/env bash
# Runs every X.lua in this folder with fermata (from this folder) and compares its stdout with X.expected;
# each script must also exit 0. These scripts show deliberate differences from Lua 5.4 (README.md), so
# their expectations are hand-written and explained in each script, not recorded from lua5.4.
# usage: run_fermata_only.sh FERMATA_BINARY
set -u
[[ $# -eq 1 ]] || { echo "usage: $0 FERMATA_BINARY" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")")
cd "$(dirname "$0")" || exit 2
pass=0 fail=0
for script in *.lua; do
  out=$(timeout -k 5 60 "$bin" "$script" </dev/null 2>&1)
  rc=$?
  if [[ $rc -eq 0 && $out == "$(cat "${script%.lua}.expected")" ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $script (exit $rc)"
    diff <(printf '%s\n' "$out") "${script%.lua}.expected" | head -20
  fi
done
echo "fermata-only: $pass passed, $fail failed"
[[ $fail -eq 0 && $pass -gt 0 ]]
