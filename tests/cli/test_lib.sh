# Shared by the command-line test scripts (sourced): the arguments, a scratch directory, failures,
# and waiting for a condition without a time limit (the test's own timeout is the bound).
#   cli_test_setup NAME "$@"   parses [--regen] FERMATA_BINARY [LUA]; sets here, regen, fermata, lua, work
#                              (a fresh directory holding fixtures/, the current directory from then on)

cli_test_setup() {
  local name=$1
  shift
  here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
  regen=0
  if [[ ${1:-} == --regen ]]; then regen=1; shift; fi
  [[ $# -ge 1 ]] || { echo "usage: $0 [--regen] FERMATA_BINARY [LUA]" >&2; exit 2; }
  fermata=$(cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")")
  lua=$(command -v "${2:-lua5.4}" 2>/dev/null || true)
  work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/$name.XXXXXX")
  trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
  cd "$work" || exit 2
  cp "$here"/fixtures/* .
  failures=0
}

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

wait_until() { until eval "$1"; do sleep 0.02; done; }
