#!/bin/bash
# Batch rescoring over a generated supplier base (bench/gen_supplier_base), each pass in its own
# process on a fresh copy of the same base, RUNS rounds (default 3) interleaved so that every
# pass sees the same machine load:
#   storage  the storage-only pass: the same input reads and the same assessment bytes written,
#            no scoring (the baseline)
#   full     a full rescoring job, as the daemon runs it
#   dirty    after the full pass: one supplier in a hundred gets a new signal, then a dirty-only
#            job one second later
# Prints each pass's line, then per round: full / storage time ratio (target <= 2, i.e. full rate
# >= 0.5 of the storage rate), dirty / full time (target <= 0.05), and min/median/max over rounds.
# Usage (from the repository root):
#   bench/rescore_base.sh [suppliers] [relationships]
# Needs about 12 GB of disk per million suppliers under $TMPDIR (default /tmp).
# Exits non-zero only when a pass fails, never on a missed target (that is a figure).
set -euo pipefail
SUPPLIERS=${1:-100000}
RELATIONSHIPS=${2:-$((SUPPLIERS * 3 / 2))}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rescore_base.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# A private symlink prefix keeps the opt build from repointing the shared bazel-bin link.
bazel build -c opt --symlink_prefix="$WORK/bazel-" //bench:gen_supplier_base //bench:rescore_bench >&2
GEN="$WORK/bazel-bin/bench/gen_supplier_base"
BENCH="$WORK/bazel-bin/bench/rescore_bench"

# A copy of database $1 at $2: table files hard-linked (RocksDB never rewrites one), the rest
# (log, manifest, options) copied.
copy_db() {
  rm -rf "$2"
  mkdir -p "$2"
  local f
  for f in "$1"/*; do
    if [[ $f == *.sst ]]; then ln "$f" "$2/"; else cp -p "$f" "$2/"; fi
  done
}

echo "== generating $SUPPLIERS suppliers, $RELATIONSHIPS relationships, seed $SEED"
"$GEN" --db "$WORK/base" --suppliers "$SUPPLIERS" --relationships "$RELATIONSHIPS" \
  --seed "$SEED" 2>/dev/null
# The bytes the storage pass writes: what a full pass stores (made once, not timed).
copy_db "$WORK/base" "$WORK/scored"
"$BENCH" --db "$WORK/scored" --mode full >/dev/null

seconds() { sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' <<<"$1"; }
ratios_full=() ratios_dirty=()
for run in $(seq 1 "$RUNS"); do
  echo "== round $run ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
  copy_db "$WORK/base" "$WORK/run"
  storage=$("$BENCH" --db "$WORK/run" --scored_db "$WORK/scored" --mode storage)
  echo "$storage"
  copy_db "$WORK/base" "$WORK/run"
  full=$("$BENCH" --db "$WORK/run" --mode full)
  echo "$full"
  dirty=$("$BENCH" --db "$WORK/run" --mode dirty --as_of 2027-01-01T06:00:01Z)
  echo "$dirty"
  rf=$(awk -v f="$(seconds "$full")" -v s="$(seconds "$storage")" 'BEGIN { printf "%.3f", f / s }')
  rd=$(awk -v d="$(seconds "$dirty")" -v f="$(seconds "$full")" 'BEGIN { printf "%.3f", d / f }')
  echo "round $run: full/storage time $rf, dirty/full time $rd"
  ratios_full+=("$rf")
  ratios_dirty+=("$rd")
done
summary() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }
echo "full/storage time (min / median / max): $(summary "${ratios_full[@]}")"
echo "dirty/full time (min / median / max): $(summary "${ratios_dirty[@]}")"
