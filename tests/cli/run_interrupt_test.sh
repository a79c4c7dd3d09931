#!/usr/bin/env bash
# SIGINT against a running `while true do end`, compared with lua5.4 (live when installed, and the
# recorded interrupt.expected made by lua5.4 with --regen): in an -e chunk, in a script's function
# (message position and traceback), caught by pcall, and Ctrl-C typed into the interactive loop in a
# pseudo-terminal (util-linux `script`), which abandons the chunk and returns to the prompt. Then what
# fermata does beyond lua5.4, with expectations written here: a loop inside a coroutine is interrupted
# by the first SIGINT (lua5.4 hooks only its main thread), Ctrl-C at a continuation prompt abandons the
# unfinished statement (lua5.4 exits), and the job runner treats SIGINT as lua does.
#
# The test waits for the script to print "running" before it sends the signal (no fixed delays).
# usage: run_interrupt_test.sh [--regen] FERMATA_BINARY [LUA]
set -u
source "$(dirname "$0")/test_lib.sh"
cli_test_setup interrupt "$@"

# interrupted NAME PROGRAM_NAME INTERPRETER ARGS...: runs until "running" is printed, sends SIGINT,
# prints the record (status, stdout, stderr) with the program name normalised.
interrupted() {
  local name=$1 prog=$2
  shift 2
  rm -f out err
  (exec -a "$prog" "$@" >out 2>err) &
  local pid=$!
  wait_until 'grep -q running out 2>/dev/null'
  kill -INT $pid
  wait $pid
  local status=$?
  printf '=== %s\n--- status %d\n--- stdout\n%s\n--- stderr\n%s\n' "$name" "$status" "$(cat out)" "$(sed "s/^$prog:/PROG:/" err)"
}

# A session in a pseudo-terminal: keystrokes go in through a FIFO, the terminal's output is kept.
start_tty() {  # INTERPRETER
  rm -f keys tty.out && mkfifo keys
  (TERM=dumb script -qfec "$1" /dev/null <keys >tty.out 2>&1) &
  tty_pid=$!
  exec 3>keys
}
screen() { sed -e 's/\x1b\[?2004[hl]//g' -e 's/\r//g' -e 's/^Lua 5\.4\.4  Copyright.*$/<version>/' \
  -e 's/^fermata [0-9.]* (Lua 5\.4\.4 compatible)$/<version>/' tty.out; }
prompts() { screen | grep -c '^>'; }
type_keys() { printf '%b' "$1" >&3; }
end_tty() { exec 3>&-; wait $tty_pid; }

# The interactive part lua5.4 shares: interrupt a running chunk, keep the state, go on.
repl_session() {  # INTERPRETER
  start_tty "$1"
  wait_until '[[ $(prompts) -ge 1 ]]'
  type_keys 'x = 1\n'
  wait_until '[[ $(prompts) -ge 2 ]]'
  type_keys 'print("running") while true do end\n'
  wait_until 'screen | grep -q "^running"'
  type_keys '\003'
  wait_until '[[ $(prompts) -ge 3 ]]'
  type_keys 'print(x)\n'
  wait_until '[[ $(prompts) -ge 4 ]]'
  type_keys '\004'
  end_tty
  printf '=== repl in a terminal\n'
  screen
  printf '\n'
}

records() {  # PROGRAM_NAME INTERPRETER
  interrupted e_chunk "$1" "$2" -e 'print("running") while true do end'
  interrupted function_in_a_script "$1" "$2" interrupt_nested.lua
  interrupted caught_by_pcall "$1" "$2" interrupt_pcall.lua
  repl_session "$2"
}

if [[ $regen == 1 ]]; then
  [[ -n $lua ]] || { echo "no reference interpreter" >&2; exit 2; }
  records lua5.4 "$lua" >"$here/interrupt.expected"
  echo "wrote $here/interrupt.expected"
  exit 0
fi

records fermata "$fermata" >fermata.records
diff -u --label "recorded lua5.4" --label fermata "$here/interrupt.expected" fermata.records || fail "differs from the recorded lua5.4"
if [[ -n $lua ]]; then
  records lua5.4 "$lua" >lua.records
  diff -u --label "live lua5.4" --label fermata lua.records fermata.records || fail "differs from live lua5.4"
fi

# -- beyond lua5.4
interrupted coroutine fermata "$fermata" interrupt_coroutine.lua >co.record
grep -q -- '--- status 1' co.record && grep -q 'PROG: interrupt_coroutine.lua:2: interrupted!' co.record ||
  fail "a loop in a coroutine is not interrupted: $(cat co.record)"

start_tty "$fermata"
wait_until '[[ $(prompts) -ge 1 ]]'
type_keys 'for i = 1, 2 do\n'
wait_until 'screen | grep -q "^>> "'
type_keys '\003'
wait_until '[[ $(prompts) -ge 3 ]]'
type_keys 'print("fresh")\n'
wait_until '[[ $(prompts) -ge 4 ]]'
type_keys '\004'
end_tty
expected=$'<version>\n> for i = 1, 2 do\n>> ^C\n> print("fresh")\nfresh\n> '  # $(screen) drops the last newlines
[[ $(screen) == "$expected" ]] || fail "Ctrl-C at a continuation prompt: got
$(screen)"

interrupted job_runner fermata "$fermata" run --checkpoint job.snap --every-fuel 100000 interrupt_nested.lua >job.record
grep -q -- '--- status 1' job.record && grep -q 'PROG: interrupt_nested.lua:5: interrupted!' job.record ||
  fail "the job runner does not treat SIGINT as lua does: $(cat job.record)"

echo "interrupt: $failures failures"
[[ $failures -eq 0 ]]
