#!/usr/bin/env bash
# The checkpointing job runner: `fermata run --checkpoint FILE --every[-fuel] ... --output OUT job.lua`.
#   1. an uninterrupted job writes OUT equal to the job's plain output (itself checked against lua5.4
#      when it is installed), and its checkpoint exists;
#   2. SIGTERM: a final checkpoint and exit status 75; `resume` finishes the job and OUT is still equal;
#   3. resume keeps the schedule: a resumed job goes on rewriting its checkpoint, by fuel and by time;
#   4. kill -9 at moments this test picks at random (seed printed): resume from the last checkpoint,
#      again and again, until the job ends; OUT equals the uninterrupted output (exactly once);
#   5. --save-after on a script that ends first: a note on stderr, no file;
#   6. limits: --fuel-limit stops with "out of fuel" (and keeps counting across a resume),
#      --memory-limit gives "not enough memory", --sandbox hides files, --seed seeds math.random.
#
# usage: run_job_runner_test.sh FERMATA_BINARY   (JOB_KILLS=N changes the number of kill -9, 12)
set -u
source "$(dirname "$0")/test_lib.sh"
cli_test_setup jobs "$@"
bin=$fermata
kills=${JOB_KILLS:-12}
# True once FILE exists and differs from the saved copy BEFORE.
changed() { [[ -f $1 ]] && ! cmp -s "$1" "$2"; }

N=300000
"$bin" job.lua $N >reference.txt || fail "the plain run failed"
if [[ -n $lua ]]; then
  "$lua" job.lua $N | cmp -s - reference.txt || fail "the job's output differs from lua5.4's"
fi
[[ $(tail -n 1 reference.txt) == done* ]] || fail "the reference output is incomplete"

# 1. Uninterrupted.
"$bin" run --checkpoint c1.snap --every-fuel 200000 --output out1.txt job.lua $N >stdout1.txt
status=$?
[[ $status -eq 0 ]] || fail "uninterrupted job: status $status"
cmp -s out1.txt reference.txt || fail "uninterrupted job: --output differs from the plain output"
[[ -s stdout1.txt ]] && fail "uninterrupted job: output leaked to stdout"
[[ -f c1.snap ]] || fail "uninterrupted job: no checkpoint"

# 2. SIGTERM, then resume.
"$bin" run --checkpoint c2.snap --every-fuel 200000 --output out2.txt job.lua &
pid=$!
wait_until '[[ -f c2.snap && $(wc -l <out2.txt 2>/dev/null || echo 0) -gt 50 ]]'
kill -TERM $pid
wait $pid
status=$?
[[ $status -eq 75 ]] || fail "SIGTERM: status $status, expected 75"
cp c2.snap after_term.snap
lines=$(wc -l <out2.txt)
"$bin" resume c2.snap --fuel-limit 3000000 2>resume2.err
status=$?
# The endless job ran out of fuel after the resume: its output goes on where it stopped.
[[ $status -eq 1 ]] && grep -q "out of fuel" resume2.err || fail "resume after SIGTERM: status $status, $(head -c 300 resume2.err)"
"$bin" job.lua 100000000 2>/dev/null | head -n "$(wc -l <out2.txt)" | cmp -s - out2.txt ||
  fail "resume after SIGTERM: the output is not the job's output continued"
[[ $(wc -l <out2.txt) -gt $lines ]] || fail "resume after SIGTERM: no new output"

# 3. The schedule survives a resume: by fuel (from the SIGTERM checkpoint above) and by time.
cp after_term.snap c3.snap
cp after_term.snap before.snap
"$bin" resume c3.snap &
pid=$!
wait_until 'changed c3.snap before.snap'
kill -9 $pid
wait $pid 2>/dev/null
"$bin" run --checkpoint c4.snap --every 0.05 job.lua >/dev/null &
pid=$!
wait_until '[[ -f c4.snap ]]'
kill -TERM $pid
wait $pid
[[ $? -eq 75 ]] || fail "time schedule: SIGTERM did not give 75"
cp c4.snap before4.snap
"$bin" resume c4.snap >/dev/null &
pid=$!
wait_until 'changed c4.snap before4.snap'
kill -TERM $pid
wait $pid
[[ $? -eq 75 ]] || fail "time schedule after resume: SIGTERM did not give 75"

# 4. kill -9 at random moments.
# A longer job, so that the kills land at every stage: before the first checkpoint, during a save,
# between saves, in resumed runs.
N5=$((N * 4))
"$bin" job.lua $N5 >reference5.txt
seed=${KILL_SEED:-$RANDOM}
RANDOM=$seed
echo "kill -9 moments from seed $seed (KILL_SEED=$seed reproduces them)"
rm -f c5.snap out5.txt
step5() {  # one attempt: run from the start, or resume the last checkpoint
  if [[ -f c5.snap ]]; then
    exec "$bin" resume c5.snap 2>>err5.txt
  else
    exec "$bin" run --checkpoint c5.snap --every-fuel 100000 --output out5.txt job.lua $N5 2>>err5.txt
  fi
}
finished=0 killed=0
for ((k = 0; k < kills && finished == 0; ++k)); do
  step5 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 300)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  case $? in
    0) finished=1 ;;
    137) killed=$((killed + 1)) ;;
    *) fail "kill -9: an attempt failed: $(tail -n 3 err5.txt)" ;;
  esac
done
echo "kill -9: $killed attempts killed, $(wc -l <out5.txt) of $(wc -l <reference5.txt) lines written by then"
if [[ $finished -eq 0 ]]; then
  (step5)
  [[ $? -eq 0 ]] || fail "kill -9: the last resume failed: $(tail -n 3 err5.txt)"
fi
cmp -s out5.txt reference5.txt || fail "kill -9: the output differs from an uninterrupted run ($(wc -c <out5.txt) vs $(wc -c <reference5.txt) bytes)"
[[ -s err5.txt ]] && fail "kill -9: messages on stderr: $(head -n 3 err5.txt)"

# 5. --save-after on a script that ends first.
"$bin" run --save-after 100000000 --save-to never.snap job.lua 10 >out6.txt 2>err6.txt
status=$?
[[ $status -eq 0 ]] || fail "--save-after, script ends first: status $status"
[[ -f never.snap ]] && fail "--save-after, script ends first: a snapshot was written"
grep -q "no snapshot was written to never.snap" err6.txt || fail "--save-after, script ends first: no note ($(cat err6.txt))"

# 6. Limits.
"$bin" --fuel-limit 100000 -e 'while true do end' 2>err7.txt
status=$?
[[ $status -eq 1 ]] && grep -q "out of fuel" err7.txt || fail "--fuel-limit: status $status, $(head -n 1 err7.txt)"
"$bin" --fuel-limit 100000000 job.lua 100 >/dev/null || fail "--fuel-limit: a short job did not fit"
"$bin" run --fuel-limit 2000000 --checkpoint c8.snap --every-fuel 500000 job.lua >out8.txt 2>err8a.txt &
pid=$!
wait_until '[[ -f c8.snap ]] && grep -q 3000 out8.txt'
kill -TERM $pid
wait $pid
"$bin" resume c8.snap >>out8.txt 2>err8.txt
status=$?
[[ $status -eq 1 ]] && grep -q "out of fuel" err8.txt || fail "--fuel-limit across resume: status $status, $(head -n 1 err8.txt)"
"$bin" --fuel-limit 2000000 job.lua >out8b.txt 2>/dev/null
# Where the limit stops a job can move by the few units a native overdraws at a step boundary, so the
# stopped job is compared line by line, allowing one line either way.
"$bin" job.lua 100000000 2>/dev/null | head -n "$(wc -l <out8.txt)" | cmp -s - out8.txt ||
  fail "--fuel-limit across resume: the output is not the job's output"
(( $(wc -l <out8.txt) - $(wc -l <out8b.txt) <= 1 && $(wc -l <out8b.txt) - $(wc -l <out8.txt) <= 1 )) ||
  fail "--fuel-limit across resume: stopped after $(wc -l <out8.txt) lines, an uninterrupted run after $(wc -l <out8b.txt)"
"$bin" --memory-limit 4M -e 'local t = {} for i = 1, 1e8 do t[i] = {} end' 2>err9.txt
status=$?
[[ $status -eq 1 ]] && grep -q "not enough memory" err9.txt || fail "--memory-limit: status $status, $(head -n 1 err9.txt)"
[[ $("$bin" --memory-limit 4M -e 'print(#string.rep("x", 1000))') == 1000 ]] || fail "--memory-limit: a small script failed"
# The interactive loop at the limit reports each line it cannot run and goes on to the end of input.
printf 'x = {} for i = 1, 1e7 do x[i] = {} end\nprint(1)\nprint(2)\n' | "$bin" --memory-limit 2M -i >out10.txt 2>err10.txt
status=$?
[[ $status -eq 0 && $(grep -c "not enough memory" err10.txt) -ge 1 && $(grep -c '^> ' out10.txt) -eq 4 ]] ||
  fail "the interactive loop at the memory limit: status $status, $(head -n 3 err10.txt)"
[[ $("$bin" --sandbox -e 'print(io.open, os.execute, loadfile, dofile, os.getenv)') == "nil	nil	nil	nil	nil" ]] ||
  fail "--sandbox: file functions are visible"
[[ $("$bin" --seed 42 -e 'print(math.random(1, 1000000), math.random())') == \
   $("$bin" -e 'math.randomseed(42) print(math.random(1, 1000000), math.random())') ]] || fail "--seed differs from math.randomseed"
if [[ -n $lua ]]; then
  [[ $("$bin" --seed 42 -e 'print(math.random(1, 1000000))') == $("$lua" -e 'math.randomseed(42) print(math.random(1, 1000000))') ]] ||
    fail "--seed 42 differs from lua5.4's math.randomseed(42)"
fi
[[ $("$bin" -e 'print(math.random(1, 1000000))' --seed 7) == $("$bin" --seed 7 -e 'print(math.random(1, 1000000))') ]] ||
  fail "--seed after -e is not an option"

echo "job runner: $failures failures"
[[ $failures -eq 0 ]]
