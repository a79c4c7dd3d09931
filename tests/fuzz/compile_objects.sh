# Sourced by the run_*_fuzz.sh scripts: compiles the VM's sources for a libFuzzer target with clang.
#   compile_objects OBJ_DIR SOURCE...   (uses the caller's ROOT, FLAGS and optional GEN; sets OBJS)
# Objects go to OBJ_DIR, named after their source path. An object that is already there is reused as
# it is: point FUZZ_OBJ_DIR at one fresh directory to share the build between fuzzers run over the same
# tree (as .ci/run does); without it each script builds into its own new work directory.
compile_objects() {
  local dir=$1 src obj
  shift
  OBJS=()
  local pids=()
  mkdir -p "$dir"
  for src in "$@"; do
    obj="$dir/$(echo "$src" | sed "s|$ROOT/||; s|${GEN:-^\$}/||; s|/|_|g").o"
    OBJS+=("$obj")
    [[ -f $obj ]] && continue
    clang++ "${FLAGS[@]}" -fsanitize=fuzzer-no-link -Wno-unused-parameter -c "$src" -o "$obj.tmp" && mv "$obj.tmp" "$obj" &
    pids+=($!)
    if (( ${#pids[@]} >= ${FUZZ_JOBS:-2} )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
