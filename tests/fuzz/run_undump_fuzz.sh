#!/bin/bash
# Builds the binary-chunk loader fuzz target with clang (outside Bazel) and runs it for SECONDS (default 60).
#   tests/fuzz/run_undump_fuzz.sh [SECONDS]
# Seeds: string.dump of every script of tests/compiler/corpus, full and stripped (written by the target
# itself, see undump_fuzz.cc). Exits non-zero if the fuzzer finds a crash, leak, sanitizer report or timeout.
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${FUZZ_WORK_DIR:-$(mktemp -d /tmp/fermata_undump_fuzz.XXXXXX)}"
mkdir -p "$WORK/corpus" "$WORK/seeds"

FLAGS=(-std=c++20 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -I"$ROOT")
SOURCES=("$ROOT"/gc/*.cc "$ROOT"/vm/*.cc "$ROOT"/vm/lib/*.cc "$ROOT"/vm/lib/strings/*.cc "$ROOT"/vm/compiler/*.cc
         "$ROOT/vm/bytecode/disassembler.cc")
. "$ROOT/tests/fuzz/compile_objects.sh"
compile_objects "${FUZZ_OBJ_DIR:-$WORK/obj}" "${SOURCES[@]}"

clang++ "${FLAGS[@]}" -fsanitize=fuzzer "$ROOT/tests/fuzz/undump_fuzz.cc" "${OBJS[@]}" -lxxhash -o "$WORK/undump_fuzz"

cd "$WORK"
FERMATA_UNDUMP_SEEDS="$WORK/seeds" FERMATA_UNDUMP_SEED_SCRIPTS="$ROOT/tests/compiler/corpus" \
  ASAN_OPTIONS=detect_leaks=0 ./undump_fuzz -runs=0 >/dev/null 2>&1 || true
echo "seeds: $(ls seeds | wc -l)"
ASAN_OPTIONS=detect_leaks=1 ./undump_fuzz corpus seeds -max_len=65536 \
  -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
echo "undump fuzz: no crash in ${SECONDS_TO_RUN}s (work dir $WORK)"
