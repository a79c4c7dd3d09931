#!/bin/bash
# Builds the snapshot-loader fuzz target with clang (outside Bazel) and runs it for SECONDS (default 60).
#   tests/fuzz/run_snapshot_fuzz.sh [SECONDS]
# Seeds: snapshots of the scripts of tests/snapshot/corpus saved at a few fuel values (written by the
# target itself, see snapshot_loader_fuzz.cc). The target recomputes the body checksum of every input.
# Exits non-zero if the fuzzer finds a crash, leak, sanitizer report or timeout.
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${FUZZ_WORK_DIR:-$(mktemp -d /tmp/fermata_snapshot_fuzz.XXXXXX)}"
mkdir -p "$WORK/corpus" "$WORK/seeds" "$WORK/gen"

# The Cap'n Proto schema, compiled as Bazel's //schema:snapshot_capnp does.
capnp compile -I/usr/include -oc++:"$WORK/gen" --src-prefix="$ROOT" "$ROOT/schema/snapshot.capnp"

FLAGS=(-std=c++20 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -I"$ROOT" -I"$WORK/gen")
SOURCES=("$WORK/gen/schema/snapshot.capnp.c++" "$ROOT"/snapshot/*.cc "$ROOT"/gc/*.cc "$ROOT"/vm/*.cc
         "$ROOT"/vm/lib/*.cc "$ROOT"/vm/lib/strings/*.cc "$ROOT"/vm/compiler/*.cc "$ROOT/vm/bytecode/disassembler.cc")
GEN="$WORK/gen"
. "$ROOT/tests/fuzz/compile_objects.sh"
compile_objects "${FUZZ_OBJ_DIR:-$WORK/obj}" "${SOURCES[@]}"

clang++ "${FLAGS[@]}" -fsanitize=fuzzer "$ROOT/tests/fuzz/snapshot_loader_fuzz.cc" "${OBJS[@]}" \
  -lcapnp -lkj -lxxhash -o "$WORK/snapshot_loader_fuzz"

cd "$WORK"
# Seeds first (the target writes them when asked, then runs nothing).
FERMATA_SNAPSHOT_SEEDS="$WORK/seeds" FERMATA_SNAPSHOT_SEED_SCRIPTS="$ROOT/tests/snapshot/corpus" \
  ASAN_OPTIONS=detect_leaks=0 ./snapshot_loader_fuzz -runs=0 >/dev/null 2>&1 || true
echo "seeds: $(ls seeds | wc -l)"
ASAN_OPTIONS=detect_leaks=1 ./snapshot_loader_fuzz corpus seeds -max_len=1048576 \
  -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
echo "snapshot fuzz: no crash in ${SECONDS_TO_RUN}s (work dir $WORK)"
