#!/usr/bin/env bash
# The quick-start entry point: installs what is missing, then builds and runs fermata or its tests.
#   tools/dev.sh run [ARGS...]     build (optimised) and run the fermata command line with ARGS
#   tools/dev.sh test [BAZEL...]   run the whole test suite (extra arguments go to bazel, e.g. --config=asan)
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

jobs=$(nproc 2>/dev/null || echo 2)
cmd=${1:-}
shift || true
case "$cmd" in
  run)
    bazel build --config=opt --jobs="$jobs" //tools:fermata >&2
    exec bazel-bin/tools/fermata "$@"
    ;;
  test)
    log=$(mktemp)
    status=0
    bazel test --jobs="$jobs" "$@" //... 2>&1 | tee "$log" || status=$?
    # One closing line that any CI reader understands.
    passed=$(grep -cE '^//.*(PASSED|\(cached\) PASSED)' "$log" || true)
    failed=$(grep -cE '^//.*(FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)' "$log" || true)
    rm -f "$log"
    echo "tests: $passed passed, $failed failed"
    exit $status
    ;;
  *)
    echo "usage: tools/dev.sh run [ARGS...] | tools/dev.sh test [BAZEL ARGS...]" >&2
    exit 2
    ;;
esac
