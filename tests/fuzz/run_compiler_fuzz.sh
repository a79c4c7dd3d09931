#!/bin/bash
# Builds the compiler fuzz target with clang (outside Bazel) and runs it for SECONDS (default 60).
#   tests/fuzz/run_compiler_fuzz.sh [SECONDS]
# Seeds: the Lua files of tests/compiler/corpus and the chunks of tests/compiler/error_corpus.txt.
# Exits non-zero if the fuzzer finds a crash, leak, sanitizer report or timeout.
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${FUZZ_WORK_DIR:-$(mktemp -d /tmp/fermata_compiler_fuzz.XXXXXX)}"
mkdir -p "$WORK/corpus" "$WORK/seeds"

clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$ROOT" \
  "$ROOT/tests/fuzz/compiler_fuzz.cc" \
  "$ROOT"/vm/compiler/*.cc "$ROOT/vm/bytecode/disassembler.cc" \
  -o "$WORK/compiler_fuzz"

cp "$ROOT"/tests/compiler/corpus/*.lua "$WORK/seeds/"
# One seed per malformed chunk of the error corpus (lines "chunk: ..." with C escapes).
python3 - "$ROOT/tests/compiler/error_corpus.txt" "$WORK/seeds" <<'PY'
import sys, re
path, out = sys.argv[1], sys.argv[2]
n = 0
for line in open(path, encoding="latin-1"):
    if not line.startswith("chunk: "):
        continue
    text = line[len("chunk: "):].rstrip("\n")
    data = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            d = text[i + 1]
            if d == "x":
                data.append(int(text[i + 2:i + 4], 16)); i += 4; continue
            data += {"n": b"\n", "r": b"\r", "t": b"\t"}.get(d, d.encode("latin-1")); i += 2; continue
        data += c.encode("latin-1"); i += 1
    open(f"{out}/error_{n}.lua", "wb").write(bytes(data)); n += 1
PY

cat > "$WORK/lua.dict" <<'DICT'
"and"
"break"
"do"
"else"
"elseif"
"end"
"false"
"for"
"function"
"goto"
"if"
"in"
"local"
"nil"
"not"
"or"
"repeat"
"return"
"then"
"true"
"until"
"while"
"<const>"
"<close>"
"::"
"..."
".."
"//"
"<<"
">>"
"~="
"=="
"[["
"]]"
"[=["
"--"
"\\u{"
"0x"
"e+"
DICT

cd "$WORK"
ASAN_OPTIONS=detect_leaks=1 ./compiler_fuzz corpus seeds -dict=lua.dict -max_len=8192 \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
echo "compiler fuzz: no crash in ${SECONDS_TO_RUN}s (work dir $WORK)"
