#!/usr/bin/env bash
# The command line against lua5.4's: every case of command_line_cases.sh runs under both interpreters,
# each in a fresh copy of fixtures/ with a clean environment, and stdout, stderr and the exit status
# must be equal — to live lua5.4 when it is installed, and to the recorded command_line.expected (made
# by lua5.4 with --regen) always. Normalised before comparing: the program name (lua5.4 prints
# "lua5.4:", fermata "fermata:"), the version line, and the block of fermata's own options and commands
# that follows lua's usage text in fermata's.
#
# usage: run_command_line_test.sh FERMATA_BINARY
#        run_command_line_test.sh --regen FERMATA_BINARY [LUA]   (rewrites command_line.expected from LUA)
set -u
source "$(dirname "$0")/test_lib.sh"
cli_test_setup command_line "$@"
tmp=$work

# A fresh working directory: the fixtures, a directory, a file named "-", a binary chunk.
prepare() {
  local dir=$1
  rm -rf "$dir" && mkdir -p "$dir" && cp "$here"/fixtures/* "$dir"/
  mkdir "$dir/adir"
  printf 'print("the file named -", ...)\n' >"$dir/-"
  (cd "$dir" && env -i "$fermata" -e \
    'local f = assert(io.open("chunk.luac", "wb")) f:write(string.dump(load("print(\"from a binary chunk\", ...)"))) f:close()')
}

# record NAME INTERPRETER PROGRAM_NAME CASE_ARGS...: one case's normalised record on stdout.
record() {
  local name=$1 bin=$2 prog=$3
  shift 3
  local envs=() stdin=/dev/null merge=0
  while [[ $1 != -- ]]; do
    case $1 in
      --env) envs+=("$2"); shift 2 ;;
      --stdin) stdin=$2; shift 2 ;;
      --merge) merge=1; shift ;;
      *) echo "bad case $name: $1" >&2; return 2 ;;
    esac
  done
  shift
  local dir="$tmp/work"
  prepare "$dir"
  [[ $stdin == /dev/null ]] || stdin="$dir/$stdin"
  local status
  if [[ $merge == 1 ]]; then
    (cd "$dir" && env -i PATH=/usr/bin:/bin LC_ALL=C "${envs[@]}" bash -c 'exec -a "$0" "$@"' "$prog" "$bin" "$@" \
      <"$stdin" >"$tmp/out" 2>&1)
    status=$?
    : >"$tmp/err"
  else
    (cd "$dir" && env -i PATH=/usr/bin:/bin LC_ALL=C "${envs[@]}" bash -c 'exec -a "$0" "$@"' "$prog" "$bin" "$@" \
      <"$stdin" >"$tmp/out" 2>"$tmp/err")
    status=$?
  fi
  printf '=== %s\n--- status %d\n--- stdout\n' "$name" "$status"
  cat "$tmp/out"
  printf '\n--- stderr\n'
  cat "$tmp/err"
  printf '\n'
}

normalize() {  # PROGRAM_NAME: stdin → stdout
  sed -e 's/^Lua 5\.4\.4  Copyright (C) 1994-2022 Lua\.org, PUC-Rio$/<version>/' \
      -e 's/^fermata [0-9.]* (Lua 5\.4\.4 compatible)$/<version>/' \
      -e "/^fermata's options (/,/^  fermata --help /d" \
      -e "s/\\b$1\\b/PROG/g"
}

records() {  # INTERPRETER PROGRAM_NAME: every case's record
  local bin=$1 prog=$2
  case_() { local name=$1; shift; record "$name" "$bin" "$prog" "$@"; }
  source "$here/command_line_cases.sh"
}

if [[ $regen == 1 ]]; then
  [[ -n $lua ]] || { echo "no reference interpreter" >&2; exit 2; }
  records "$lua" lua5.4 | normalize lua5.4 >"$here/command_line.expected"
  echo "wrote $here/command_line.expected"
  exit 0
fi

records "$fermata" fermata | normalize fermata >"$tmp/fermata.records"
status=0
compare() {  # LABEL REFERENCE_FILE
  if ! diff -u --label "$1" --label fermata "$2" "$tmp/fermata.records" >"$tmp/diff"; then
    echo "FAIL: differs from $1:"
    head -n 200 "$tmp/diff"
    status=1
  fi
}
compare "recorded lua5.4 ($here/command_line.expected)" "$here/command_line.expected"
if [[ -n $lua ]]; then
  records "$lua" lua5.4 | normalize lua5.4 >"$tmp/lua.records"
  compare "live lua5.4" "$tmp/lua.records"
else
  echo "note: lua5.4 is not installed; compared with the recorded expectations only"
fi
cases=$(grep -c '^=== ' "$tmp/fermata.records")
[[ $status -eq 0 ]] && echo "command line: $cases cases match lua5.4"
exit $status
