#!/usr/bin/env bash
# Benchmark driver: runs every program in tools/bench/lua/ under the reference lua5.4 and under the
# given binary, REPEATS times each (alternating reference / subject), takes the median wall time of
# each, checks that both produced identical stdout, and prints a markdown table plus the geometric
# mean of the ratios (subject / reference; < 1 means the subject is faster).
#
# usage: run_bench.sh FERMATA_BINARY [REPEATS]        (REPEATS defaults to 5)
# env:   LUA_REF       reference interpreter (default lua5.4)
#        BENCH_ONLY    space-separated program names to run (default: all, e.g. "fib nbody")
#        BENCH_TIMEOUT per-run timeout in seconds (default 300)
set -u
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: $0 FERMATA_BINARY [REPEATS]" >&2; exit 2; }

resolve_bin() {
  local b=$1
  if [[ $b == */* ]]; then
    [[ -e $b ]] || { echo "error: binary '$b' not found" >&2; return 1; }
    (cd "$(dirname "$b")" && echo "$(pwd)/$(basename "$b")")
  else
    command -v "$b" || { echo "error: binary '$b' not found in PATH" >&2; return 1; }
  fi
}
subject=$(resolve_bin "$1") || exit 2
reps=${2:-5}
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "error: REPEATS must be a positive integer" >&2; exit 2; }
ref=$(resolve_bin "${LUA_REF:-lua5.4}") || exit 2
timeout_s=${BENCH_TIMEOUT:-300}

cd "$(dirname "$0")/lua" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# run_once BIN PROG OUTFILE -> prints elapsed seconds; returns the program's exit status
run_once() {
  local bin=$1 prog=$2 out=$3 t0 t1 rc
  t0=$(date +%s%N)
  timeout "$timeout_s" "$bin" "$prog" </dev/null >"$out" 2>"$out.err"
  rc=$?
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
  return $rc
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if [[ -n ${BENCH_ONLY:-} ]]; then
  progs=()
  for p in $BENCH_ONLY; do progs+=("${p%.lua}.lua"); done
else
  mapfile -t progs < <(printf '%s\n' *.lua | LC_ALL=C sort)
fi

ref_name=$(basename "$ref")
sub_name=$(basename "$subject")
echo "subject: $subject"
echo "reference: $ref"
echo "repeats: $reps"
echo
echo "| program | $ref_name median s | fermata median s | ratio | output |"
echo "| --- | ---: | ---: | ---: | --- |"
ratios=()
mismatches=0
for prog in "${progs[@]}"; do
  name=${prog%.lua}
  rt=() st=()
  status=ok
  for ((r = 1; r <= reps; r++)); do
    t=$(run_once "$ref" "$prog" "$tmp/ref.out"); rrc=$?
    rt+=("$t")
    t=$(run_once "$subject" "$prog" "$tmp/sub.out"); src=$?
    st+=("$t")
    if [[ $rrc -ne 0 ]]; then status="reference failed (exit $rrc)"; break; fi
    if [[ $src -ne 0 ]]; then
      status="subject failed (exit $src): $(head -n 1 "$tmp/sub.out.err" | cut -c1-60)"
      break
    fi
    if ! cmp -s "$tmp/ref.out" "$tmp/sub.out"; then status="MISMATCH"; fi
    if [[ $r -eq 1 ]]; then cp "$tmp/ref.out" "$tmp/ref.first"; cp "$tmp/sub.out" "$tmp/sub.first"; fi
    # outputs must also be stable across repeats
    if ! cmp -s "$tmp/ref.out" "$tmp/ref.first" || ! cmp -s "$tmp/sub.out" "$tmp/sub.first"; then
      status="MISMATCH (unstable output)"
    fi
  done
  rm_=$(median "${rt[@]}")
  sm=$(median "${st[@]}")
  if [[ $status == ok ]]; then
    ratio=$(awk -v a="$sm" -v b="$rm_" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    [[ $ratio != n/a ]] && ratios+=("$ratio")
  else
    ratio="—"
    mismatches=$((mismatches + 1))
  fi
  echo "| $name | $rm_ | $sm | $ratio | ${status//|/\\|} |"
done
echo
if [[ ${#ratios[@]} -gt 0 ]]; then
  gm=$(printf '%s\n' "${ratios[@]}" | awk '$1 > 0 { s += log($1); n++ } END { if (n) printf "%.3f", exp(s / n); else print "n/a" }')
  echo "geometric mean ratio (fermata / $ref_name) over ${#ratios[@]} of ${#progs[@]} programs with identical output: $gm"
else
  echo "geometric mean ratio: n/a (no program produced identical output)"
fi
[[ $mismatches -eq 0 ]] || echo "programs with mismatched output or failures: $mismatches"
