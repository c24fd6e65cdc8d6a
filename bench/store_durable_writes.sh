#!/bin/bash
# Durable write throughput: the store's own write path (32 writers, synced) beside
# db_bench fillrandom with the same threads, key and value sizes and sync. The pair runs RUNS
# times (default 3), interleaved (db_bench, store, db_bench, store, ...), so both see the same
# machine load; each run's ratio is printed, then the min/median/max ratio and how many runs met
# the target. Usage (from the repository root):
#   bench/store_durable_writes.sh [num_per_thread]
# STORE_BENCH may name a prebuilt store_durable_writes binary; otherwise it is built with -c opt.
# Exits non-zero only when a benchmark fails, never on a missed target (that is a figure).
set -euo pipefail
NUM=${1:-${NUM:-5000}}
THREADS=${THREADS:-32}
RUNS=${RUNS:-3}
TARGET=0.5
WORK=$(mktemp -d /tmp/store_durable_writes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ -z "${STORE_BENCH:-}" ]]; then
  # A private symlink prefix keeps the opt build from repointing the shared bazel-bin link.
  bazel build -c opt --symlink_prefix="$WORK/bazel-" //bench:store_durable_writes >&2
  STORE_BENCH="$WORK/bazel-bin/bench/store_durable_writes"
fi
if ! command -v db_bench >/dev/null; then
  echo "store_durable_writes: db_bench not found (Debian package rocksdb-tools; ./run.sh setup)" >&2
  exit 1
fi

DB_BENCH_CMD=(db_bench --benchmarks=fillrandom --sync=1 --threads="$THREADS" --key_size=20
  --value_size=400 --num="$NUM" --db="$WORK/db_bench")
STORE_CMD=("$STORE_BENCH" --threads="$THREADS" --num="$NUM" --db="$WORK/store")
echo "+ ${DB_BENCH_CMD[*]}"
echo "+ ${STORE_CMD[*]}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

ratios=()
for ((run = 1; run <= RUNS; run++)); do
  rm -rf "$WORK/db_bench" "$WORK/store"
  db_line=$("${DB_BENCH_CMD[@]}" 2>&1 | grep '^fillrandom')
  db_ops=$(echo "$db_line" | sed -E 's/.* ([0-9.]+) ops\/sec.*/\1/')
  store_line=$("${STORE_CMD[@]}")
  store_ops=$(echo "$store_line" | sed -E 's/.*ops_per_sec=([0-9.]+).*/\1/')
  ratio=$(awk -v s="$store_ops" -v d="$db_ops" 'BEGIN { printf "%.3f", s / d }')
  ratios+=("$ratio")
  echo "run $run: db_bench=${db_ops} ops/s store=${store_ops} ops/s ratio=${ratio}" \
    "(load $(cut -d' ' -f1 /proc/loadavg))"
  echo "  $db_line"
  echo "  $store_line"
done

summary=$(printf '%s\n' "${ratios[@]}" | sort -g | awk -v target="$TARGET" '
  { r[NR] = $1; if ($1 >= target) met++ }
  END {
    median = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
    printf "min=%.2f median=%.2f max=%.2f runs_meeting_target=%d/%d", r[1], median, r[NR], met, NR
  }')
echo "store_durable_writes ratio (store / db_bench, ${THREADS} writers, target >= ${TARGET}):" \
  "$summary (load after $(cut -d' ' -f1-3 /proc/loadavg))"
