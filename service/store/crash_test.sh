#!/bin/sh
# Short crash test for `bazel test`: 50 kill/reopen cycles with brief writer runs.
set -eu
out=$("$1" --cycles=50 --min_run_ms=10 --max_run_ms=120 --threads=8 --seed=7)
echo "$out"
echo "$out" | grep -q '^cycles=50 acked=[1-9][0-9]* lost=0$'
