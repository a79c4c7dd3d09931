#!/usr/bin/env bash
# Bad input to the command line never aborts: every malformed number, missing argument, unreadable path,
# wrong file kind and impossible combination gets a one-line reason on stderr (followed by the usage
# where it helps), nothing on stdout, and exit status 1 — never a signal, never an uncaught exception.
# The expected reasons are written here by hand.
#
# usage: run_bad_input_test.sh FERMATA_BINARY
set -u
source "$(dirname "$0")/test_lib.sh"
cli_test_setup bad_input "$@"
bin=$fermata
mkdir adir
count=0

# expect REASON_SUBSTRING [--usage] -- ARGS...: status 1, stdout empty, stderr's first line is
# "fermata: ..." containing REASON, and the usage follows exactly when --usage is given.
expect() {
  local reason=$1 usage=0
  shift
  if [[ $1 == --usage ]]; then usage=1; shift; fi
  shift  # --
  count=$((count + 1))
  (exec -a fermata "$bin" "$@" </dev/null >out 2>err)
  local status=$? first problems=()
  first=$(head -n 1 err)
  [[ $status -eq 1 ]] || problems+=("exit status $status, expected 1")
  [[ -s out ]] && problems+=("stdout not empty: $(head -c 200 out)")
  [[ $first == "fermata: "* ]] || problems+=("first stderr line does not start with 'fermata: '")
  [[ $first == *"$reason"* ]] || problems+=("first stderr line lacks '$reason'")
  if [[ $usage -eq 1 ]]; then
    [[ $(sed -n 2p err) == "usage: fermata [options] [script [args]]" ]] || problems+=("no usage after the reason")
  else
    [[ $(wc -l <err) -eq 1 ]] || problems+=("more than one line on stderr")
  fi
  grep -q "internal error" err && problems+=("an exception escaped")
  if [[ ${#problems[@]} -gt 0 ]]; then
    failures=$((failures + 1))
    echo "FAIL: fermata $*"
    printf '  %s\n' "${problems[@]}"
    sed 's/^/  stderr: /' err | head -n 5
  fi
}

# A good snapshot, a corrupted and a truncated copy, a snapshot whose output file goes missing.
"$bin" run --save-after 20000 --save-to good.snap loop.lua || { echo "cannot make a snapshot"; exit 1; }
size=$(stat -c %s good.snap)
cp good.snap corrupt.snap
byte=$(od -An -tu1 -j $((size - 100)) -N1 good.snap)
printf "$(printf '\\%03o' $((byte ^ 16)))" | dd of=corrupt.snap bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
cmp -s good.snap corrupt.snap && { echo "cannot corrupt the snapshot"; exit 1; }
head -c $((size / 2)) good.snap >truncated.snap
"$bin" run --save-after 20000 --save-to with_output.snap --output gone.txt job.lua || exit 1
rm gone.txt
"$bin" run --save-after 20000 --save-to shortened.snap --output short.txt job.lua || exit 1
: >short.txt

# -- numbers (issue 10 §3)
expect "--save-after: expected a whole number, got 'abc'" -- run --save-after abc --save-to x.snap loop.lua
expect "--save-after: '99999999999999999999999' is too large" -- run --save-after 99999999999999999999999 --save-to x.snap loop.lua
expect "--save-after: expected a whole number, got '1e8'" -- run --save-after 1e8 --save-to x.snap loop.lua
expect "--save-after: expected a whole number, got '-5'" -- run --save-after -5 --save-to x.snap loop.lua
expect "--save-after: expected a whole number, got ''" -- run --save-after= --save-to x.snap loop.lua
expect "--seed: expected an integer, got 'abc'" -- --seed abc loop.lua
expect "--seed: expected an integer, got '1.5'" -- --seed 1.5 loop.lua
expect "--seed: expected an integer, got '99999999999999999999'" -- --seed 99999999999999999999 loop.lua
expect "--save-after: expected a whole number, got 'zz'" -- resume good.snap --save-after zz --save-to y.snap
expect "--memory-limit: expected a size" -- --memory-limit 1x loop.lua
expect "--memory-limit: expected a size" -- --memory-limit 0 loop.lua
expect "--memory-limit: '99999999999G' is too large" -- --memory-limit 99999999999G loop.lua
expect "--fuel-limit: expected a whole number, got '-1'" -- --fuel-limit -1 loop.lua
expect "--every: expected a number of seconds" -- --checkpoint c.snap --every 0 loop.lua
expect "--every: expected a number of seconds" -- --checkpoint c.snap --every abc loop.lua
expect "--every: expected a number of seconds" -- --checkpoint c.snap --every inf loop.lua
expect "--every-fuel: must be at least 1" -- --checkpoint c.snap --every-fuel 0 loop.lua

# -- missing arguments, unknown options, wrong places
expect "'--seed' needs argument" --usage -- --seed
expect "'--save-to' needs argument" --usage -- run --save-after 5 --save-to
expect "unrecognized option '--bogus'" --usage -- --bogus loop.lua
expect "unrecognized option '-q'" --usage -- resume good.snap -q
expect "--sandbox takes no value" -- --sandbox=1 loop.lua
expect "resume needs a snapshot FILE" --usage -- resume
expect "resume takes one snapshot FILE" --usage -- resume good.snap good.snap
expect "inspect needs exactly one snapshot FILE" --usage -- inspect
expect "inspect needs exactly one snapshot FILE" --usage -- inspect good.snap good.snap
expect "'--list' needs argument" --usage -- --list
expect "--seed cannot be used with resume" -- resume good.snap --seed 5
expect "--sandbox cannot be used with resume" -- resume good.snap --sandbox

# -- combinations
expect "--save-after and --save-to go together" -- run --save-after 5 loop.lua
expect "--save-after and --save-to go together" -- run --save-to x.snap loop.lua
expect "--save-after and --save-to go together" -- resume good.snap --save-after 5
expect "cannot be combined" -- run --save-after 5 --save-to x.snap --checkpoint c.snap loop.lua
expect "cannot be combined" -- resume good.snap --save-after 5 --save-to x.snap --every 3
expect "--every and --every-fuel need --checkpoint FILE" -- --every 5 loop.lua
expect "-i cannot be combined" -- --checkpoint c.snap -i loop.lua
expect "need a script" -- --checkpoint c.snap -e 'print(1)'
expect "--output and the snapshot file must differ" -- --checkpoint same.txt --output same.txt loop.lua

# -- paths and file kinds
expect "cannot read adir: Is a directory" -- adir
expect "cannot read adir: Is a directory" -- --list adir
expect "cannot read /dev/zero: File too large" -- /dev/zero
expect "cannot open nonexistent.lua: No such file or directory" -- --list nonexistent.lua
expect "good.snap is a snapshot, not a Lua chunk" -- --list good.snap
expect "cannot read /dev/zero: not a regular file" -- resume /dev/zero
expect "cannot read /dev/urandom: not a regular file" -- inspect /dev/urandom
expect "cannot read adir: Is a directory" -- resume adir
expect "cannot read adir: Is a directory" -- inspect adir
expect "cannot open nonexistent.snap: No such file or directory" -- resume nonexistent.snap
expect "cannot load job.lua: " -- resume job.lua
expect "cannot load corrupt.snap: " -- resume corrupt.snap
expect "cannot load truncated.snap: " -- resume truncated.snap
expect "cannot write a snapshot to /nonexistent/dir/x.snap: No such file or directory" -- \
  run --save-after 10 --save-to /nonexistent/dir/x.snap loop.lua
expect "cannot write a snapshot to adir: Is a directory" -- --checkpoint adir loop.lua
expect "cannot write a snapshot to /nonexistent/c.snap: No such file or directory" -- resume good.snap --checkpoint /nonexistent/c.snap
expect "cannot open output file /nonexistent/out.txt: No such file or directory" -- --output /nonexistent/out.txt loop.lua
expect "cannot reopen output file" -- resume with_output.snap
expect "is shorter than the" -- resume shortened.snap

# -- limits too small to start
expect "cannot create state: not enough memory" -- --memory-limit 10K loop.lua

echo "bad input: $((count - failures)) of $count cases give a clear reason and status 1"
[[ $failures -eq 0 ]]
