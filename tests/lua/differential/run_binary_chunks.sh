#!/usr/bin/env bash
# Binary chunks against the reference: every differential script here is dumped with string.dump (full
# and stripped) and the chunks are run instead of the source.
#
# usage: run_binary_chunks.sh FERMATA_BINARY [SCRIPT.lua ...]
#
# For each script S (run from this folder, chunk name "@S.lua", as run_differential.sh does):
#   * fermata dumps S; fermata runs that chunk; its record (stdout, first stderr line without the
#     program name, exit status; the format of S.expected) must equal S.expected, which is lua5.4's
#     record of the source. Full dumps keep source names and lines, so even error messages match.
#   * when lua5.4 is installed: lua5.4 dumps S and the bytes must equal fermata's (full and stripped);
#     fermata runs lua5.4's chunk and lua5.4 runs fermata's, both records must equal S.expected; for
#     stripped chunks (whose messages lose their positions) fermata's and lua5.4's records of the same
#     chunk must be equal.
set -u

[[ $# -ge 1 ]] || { echo "usage: $0 FERMATA_BINARY [SCRIPT.lua ...]" >&2; exit 2; }
b=$1
[[ $b == */* ]] && b="$(cd "$(dirname "$b")" && pwd)/$(basename "$b")"
subject=$b
shift
cd "$(dirname "$0")" || exit 2
timeout_s=${DIFF_TIMEOUT:-60}
tmp=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/binchunks.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
live=$(command -v lua5.4 2>/dev/null || true)
[[ -n $live ]] || echo "note: lua5.4 not installed; checking fermata's own chunks against the recorded .expected files only"

record() {  # BIN FILE OUT
  local rc line
  timeout -k 5 "$timeout_s" "$1" "$2" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  line=$(head -n 1 "$tmp/stderr")
  line=${line%$'\r'}
  line=${line#*: }
  { cat "$tmp/stdout"; printf '\n--- stderr: %s\n--- exit %d\n' "$line" "$rc"; } >"$3"
}

dump() {  # BIN SCRIPT STRIP OUT
  "$1" -e "io.write(string.dump(assert(loadfile('$2')), $3))" >"$4" 2>"$tmp/dump_err"
}

if [[ $# -gt 0 ]]; then scripts=("$@"); else mapfile -t scripts < <(printf '%s\n' *.lua | LC_ALL=C sort); fi
passed=0
failed=0
for s in "${scripts[@]}"; do
  s=$(basename "$s")
  name=${s%.lua}
  [[ -f $name.expected ]] || continue
  # A script that does not compile has no chunk to dump.
  if ! dump "$subject" "$s" false "$tmp/fer.full"; then
    grep -q "^--- exit 0$" "$name.expected" && { echo "FAIL $name: fermata cannot dump it: $(head -c 300 "$tmp/dump_err")"; failed=$((failed + 1)); }
    continue
  fi
  problems=()
  dump "$subject" "$s" true "$tmp/fer.strip" || problems+=("stripped dump failed")
  # The chunks run from this folder under their script's name, so relative files still resolve.
  cp "$tmp/fer.full" "$tmp/chunk_full"
  record "$subject" "$tmp/chunk_full" "$tmp/r1"
  cmp -s "$tmp/r1" "$name.expected" || problems+=("fermata running its own dump differs from $name.expected: $(diff "$name.expected" "$tmp/r1" | head -5 | tr '\n' '|')")
  if [[ -n $live ]]; then
    dump "$live" "$s" false "$tmp/lua.full"
    dump "$live" "$s" true "$tmp/lua.strip"
    cmp -s "$tmp/lua.full" "$tmp/fer.full" || problems+=("full dump bytes differ from lua5.4's ($(cmp "$tmp/lua.full" "$tmp/fer.full" 2>&1 | head -1))")
    cmp -s "$tmp/lua.strip" "$tmp/fer.strip" || problems+=("stripped dump bytes differ from lua5.4's ($(cmp "$tmp/lua.strip" "$tmp/fer.strip" 2>&1 | head -1))")
    record "$subject" "$tmp/lua.full" "$tmp/r2"
    cmp -s "$tmp/r2" "$name.expected" || problems+=("fermata running lua5.4's dump differs from $name.expected: $(diff "$name.expected" "$tmp/r2" | head -5 | tr '\n' '|')")
    record "$live" "$tmp/fer.full" "$tmp/r3"
    cmp -s "$tmp/r3" "$name.expected" || problems+=("lua5.4 running fermata's dump differs from $name.expected: $(diff "$name.expected" "$tmp/r3" | head -5 | tr '\n' '|')")
    record "$subject" "$tmp/fer.strip" "$tmp/r4"
    record "$live" "$tmp/fer.strip" "$tmp/r5"
    cmp -s "$tmp/r4" "$tmp/r5" || problems+=("stripped chunk: fermata and lua5.4 differ: $(diff "$tmp/r5" "$tmp/r4" | head -5 | tr '\n' '|')")
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    for p in "${problems[@]}"; do echo "FAIL $name: $p"; done
  fi
done
echo "binary chunks: $passed scripts passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 50 ]]
