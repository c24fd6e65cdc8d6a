#!/bin/bash
# Durable write throughput: the store's own write path (32 writers, synced) beside
# db_bench fillrandom with the same threads, key and value sizes and sync, in one invocation.
# Prints both figures and their ratio. Usage (from the repository root):
#   bench/store_durable_writes.sh [num_per_thread]
# STORE_BENCH may name a prebuilt store_durable_writes binary; otherwise it is built with -c opt.
set -euo pipefail
NUM=${1:-${NUM:-5000}}
THREADS=${THREADS:-32}
WORK=$(mktemp -d /tmp/store_durable_writes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ -z "${STORE_BENCH:-}" ]]; then
  # A private symlink prefix keeps the opt build from repointing the shared bazel-bin link.
  bazel build -c opt --symlink_prefix="$WORK/bazel-" //bench:store_durable_writes >&2
  STORE_BENCH="$WORK/bazel-bin/bench/store_durable_writes"
fi

DB_BENCH_CMD=(db_bench --benchmarks=fillrandom --sync=1 --threads="$THREADS" --key_size=20
  --value_size=400 --num="$NUM" --db="$WORK/db_bench")
STORE_CMD=("$STORE_BENCH" --threads="$THREADS" --num="$NUM" --db="$WORK/store")

echo "+ ${DB_BENCH_CMD[*]}"
db_line=$("${DB_BENCH_CMD[@]}" 2>&1 | grep '^fillrandom')
echo "$db_line"
db_ops=$(echo "$db_line" | sed -E 's/.* ([0-9.]+) ops\/sec.*/\1/')

echo "+ ${STORE_CMD[*]}"
store_line=$("${STORE_CMD[@]}")
echo "$store_line"
store_ops=$(echo "$store_line" | sed -E 's/.*ops_per_sec=([0-9.]+).*/\1/')

ratio=$(awk -v s="$store_ops" -v d="$db_ops" 'BEGIN { printf "%.2f", s / d }')
echo "store_durable_writes: store=${store_ops} ops/s db_bench=${db_ops} ops/s ratio=${ratio} (target >= 0.5)"
