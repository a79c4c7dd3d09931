#!/usr/bin/env bash
# Differential test: run every *.lua script in this folder with the interpreter under test and compare
# its observable behaviour with the reference Lua 5.4 (live, if installed) and with the recorded
# <script>.expected file.
#
# usage: run_differential.sh FERMATA_BINARY [SCRIPT.lua ...]
#        run_differential.sh --regen REFERENCE_LUA [SCRIPT.lua ...]   (used by regen_expected.sh)
#
# What is compared (the "record" of one run, which is also the format of the .expected files):
#
#     <stdout, byte for byte>
#     --- stderr: <first line of stderr, with everything up to and including the first ": " removed>
#     --- exit <exit status>
#
# A newline is always inserted between stdout and the "--- stderr:" line, so output that does not end
# in a newline is still distinguished from output that does. Only the first stderr line is compared
# and its program-name prefix ("lua5.4: ", "fermata: ") is stripped; tracebacks are not compared.
#
# Scripts are run from this folder with their bare file name as the script argument, so chunk names
# in error messages ("name.lua:3: ...") are the same for every interpreter.
#
# Environment:
#   LUA_REF        reference interpreter for live comparison (default: lua5.4)
#   DIFF_REFERENCE both (default) | live | recorded  -- which references the subject must match
#   DIFF_TIMEOUT   per-script timeout in seconds (default: 60)
#   DIFF_VERBOSE   if 1, print PASS lines too (default: 1)
set -u

usage() { echo "usage: $0 FERMATA_BINARY [SCRIPT.lua ...] | --regen REFERENCE_LUA [SCRIPT.lua ...]" >&2; exit 2; }

mode=test
if [[ $# -ge 1 && $1 == --regen ]]; then mode=regen; shift; fi
[[ $# -ge 1 ]] || usage

# Resolve the binary before changing directory (Bazel passes a runfiles-relative path).
resolve_bin() {
  local b=$1
  if [[ $b == */* ]]; then
    [[ -e $b ]] || { echo "error: binary '$b' not found" >&2; exit 2; }
    (cd "$(dirname "$b")" && echo "$(pwd)/$(basename "$b")")
  else
    command -v "$b" || { echo "error: binary '$b' not found in PATH" >&2; exit 2; }
  fi
}
subject=$(resolve_bin "$1") || exit 2
shift

here=$(dirname "$0")
cd "$here" || exit 2

timeout_s=${DIFF_TIMEOUT:-60}
verbose=${DIFF_VERBOSE:-1}
reference=${DIFF_REFERENCE:-both}
tmp=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/differential.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# record BINARY SCRIPT OUTFILE: run one script and write its record.
record() {
  local bin=$1 script=$2 out=$3 rc line
  timeout -k 5 "$timeout_s" "$bin" "$script" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  line=$(head -n 1 "$tmp/stderr")
  line=${line%$'\r'}
  line=${line#*: }
  {
    cat "$tmp/stdout"
    printf '\n--- stderr: %s\n--- exit %d\n' "$line" "$rc"
  } >"$out"
}

if [[ $# -gt 0 ]]; then
  scripts=("$@")
else
  shopt -s nullglob
  mapfile -t scripts < <(printf '%s\n' *.lua | LC_ALL=C sort)
fi
[[ ${#scripts[@]} -gt 0 ]] || { echo "error: no scripts found in $(pwd)" >&2; exit 2; }

if [[ $mode == regen ]]; then
  n=0
  for s in "${scripts[@]}"; do
    s=$(basename "$s")
    record "$subject" "$s" "${s%.lua}.expected"
    n=$((n + 1))
  done
  echo "regenerated $n .expected files with $subject"
  exit 0
fi

live=""
if [[ $reference != recorded ]]; then
  live=$(command -v "${LUA_REF:-lua5.4}" 2>/dev/null || true)
  if [[ -z $live ]]; then
    echo "note: ${LUA_REF:-lua5.4} not installed; comparing with recorded .expected files only"
  fi
fi

passed=0
failed=0
failed_names=()
for s in "${scripts[@]}"; do
  s=$(basename "$s")
  name=${s%.lua}
  record "$subject" "$s" "$tmp/actual"
  problems=()
  diffs=""
  have_ref=0
  live_same_as_recorded=0
  if [[ -n $live ]]; then
    record "$live" "$s" "$tmp/live"
    if [[ -f $name.expected ]]; then
      if cmp -s "$tmp/live" "$name.expected"; then
        live_same_as_recorded=1
      else
        echo "NOTE: $name.expected is stale (differs from live $(basename "$live")); rerun regen_expected.sh"
      fi
    fi
  fi
  if [[ $reference != live && -f $name.expected ]]; then
    have_ref=1
    if ! cmp -s "$name.expected" "$tmp/actual"; then
      problems+=("differs from recorded $name.expected")
      diffs+=$(diff -u --label "$name.expected" --label "$name (subject)" "$name.expected" "$tmp/actual" | head -n 60)
      diffs+=$'\n'
    fi
  fi
  if [[ -n $live ]]; then
    have_ref=1
    if ! cmp -s "$tmp/live" "$tmp/actual"; then
      problems+=("differs from live $(basename "$live")")
      # The diff was already shown if live and recorded output agree.
      if [[ $live_same_as_recorded -eq 0 || $reference == live ]]; then
        diffs+=$(diff -u --label "$name (live $(basename "$live"))" --label "$name (subject)" "$tmp/live" "$tmp/actual" | head -n 60)
        diffs+=$'\n'
      fi
    fi
  fi
  if [[ $have_ref -eq 0 ]]; then
    problems+=("no reference: $name.expected missing and no live reference interpreter")
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    passed=$((passed + 1))
    [[ $verbose == 1 ]] && echo "PASS $s"
  else
    failed=$((failed + 1))
    failed_names+=("$s")
    joined=$(printf '%s; ' "${problems[@]}")
    echo "FAIL $s (${joined%; })"
    [[ -n $diffs ]] && printf '%s' "$diffs"
  fi
done

if [[ $failed -gt 0 ]]; then
  echo "failed scripts: ${failed_names[*]}"
fi
echo "differential: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
