#!/bin/sh
# Short crash test for `bazel test`: 50 kill/reopen cycles with brief writer runs, then a
# self-test showing the checker does report an acknowledged write that is missing.
set -eu
out=$("$1" --cycles=50 --min_run_ms=10 --max_run_ms=120 --threads=8 --seed=7)
echo "$out"
echo "$out" | grep -q '^cycles=50 acked=[1-9][0-9]* lost=0$'
if bad=$("$1" --cycles=2 --min_run_ms=50 --max_run_ms=100 --inject_false_ack 2>&1); then
  echo "checker self-test: a false acknowledgement went unnoticed"
  exit 1
fi
echo "$bad" | grep -q 'lost=1$' || { echo "checker self-test: unexpected output: $bad"; exit 1; }
echo "checker self-test: false acknowledgement reported as lost"
