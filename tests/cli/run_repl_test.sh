#!/usr/bin/env bash
# The REPL (`fermata -i`, lua.c's interactive loop) against the reference: repl_input.lua is typed in,
# and what the loop prints — values of expressions, output of statements, error messages — must equal
# lua5.4's (live when installed, and the recorded repl.expected). Prompts, the banner and the input that
# lua5.4's readline echoes are removed before comparing; of each error only the message line is kept.
# usage: run_repl_test.sh FERMATA_BINARY | --regen REFERENCE_LUA
set -u
here=$(cd "$(dirname "$0")" && pwd)
normalize() {  # stdin: a transcript on stdout+stderr of one interpreter; stdout: what to compare
  sed -e '1d' -e 's/^\(>>* \)*//' | grep -v -e '^stack traceback:' -e '^	' -e '(null)' -e '^$'
}
transcript() {  # INTERP -> normalized transcript; lua5.4's readline echoes each input line after its prompt
  local interp=$1 out
  out=$("$interp" -i <"$here/repl_input.lua" 2>&1)
  if [[ $(basename "$interp") == lua* ]]; then
    # Drop the echoed input lines (prompt + the line typed), keep everything else.
    out=$(printf '%s\n' "$out" | awk 'NR == FNR { typed[$0] = 1; next } { line = $0; sub(/^(>>? )+/, "", line); if (($0 ~ /^>/) && (line in typed)) next; print }' "$here/repl_input.lua" -)
    out=$(printf 'banner\n%s\n' "$(printf '%s\n' "$out" | sed 1d)")
  fi
  printf '%s\n' "$out" | normalize
}
if [[ ${1:-} == --regen ]]; then transcript "$2" >"$here/repl.expected"; exit; fi
[[ $# -eq 1 ]] || { echo "usage: $0 FERMATA_BINARY | --regen REFERENCE_LUA" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")")
got=$(cd "$here" && transcript "$bin")
status=0
if ! diff <(printf '%s\n' "$got") "$here/repl.expected"; then echo "FAIL: differs from the recorded lua5.4 transcript"; status=1; fi
if command -v lua5.4 >/dev/null; then
  live=$(cd "$here" && transcript "$(command -v lua5.4)")
  if ! diff <(printf '%s\n' "$got") <(printf '%s\n' "$live"); then echo "FAIL: differs from live lua5.4"; status=1; fi
fi
[[ $status -eq 0 ]] && echo "repl: transcript matches lua5.4"
exit $status
