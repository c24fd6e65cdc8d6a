#!/bin/bash
# The service's calls beside a gRPC health check, measured by the same load generator against one
# supplyriskd (opt build) on 127.0.0.1, with one sample supplier and --copies more like it loaded:
#   - EvaluateEngagement server CPU per call and QPS at concurrency 8, beside the health check's;
#   - EvaluateEngagement p99 latency at concurrency 32;
#   - a ListSuppliers page of 100 rows beside one GetSupplier (server CPU per call).
# Each measurement runs --runs times, the methods interleaved run by run, so a burst of load on
# the shared machine touches both sides of a ratio; prints min/median/max and each target.
#
# Usage (from the repository root):
#   bench/evaluate_engagement.sh [--daemon PATH] [--calls N] [--health_calls N] [--runs R]
#     [--copies N]
# --daemon measures another build of supplyriskd (e.g. one built from an older commit) with this
# tree's load generator and loader.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
daemon=""
calls=3000
# Health checks are cheap: more of them, so the CPU clock (10 ms ticks) resolves them as well.
health_calls=30000
runs=3
copies=120
while [ $# -gt 0 ]; do
  case "$1" in
    --daemon) daemon=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --health_calls) health_calls=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

bazel build -c opt //bench:load_generator //service/supplyriskd:supplyriskd >&2
bazel build //proto/supplyrisk/v1:api_py //bazel/system:googleapis_py >&2
# Copy the binaries out: a later `bazel build` in fastbuild mode replaces bazel-bin.
work=$(mktemp -d "${TMPDIR:-/tmp}/supplyrisk-bench.XXXXXX")
cp "$(bazel info -c opt bazel-bin)/bench/load_generator" "$work/load_generator"
if [ -z "$daemon" ]; then
  cp "$(bazel info -c opt bazel-bin)/service/supplyriskd/supplyriskd" "$work/supplyriskd"
else
  cp "$daemon" "$work/supplyriskd"
fi
data="$work/data"
mkdir -m 0700 "$data"

# A bearer token of its own, so the tenant's rate limit (200/s by default) can be lifted: the
# benchmark measures the server's work, not the limiter's refusals.
token=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$token" > "$work/bench.token"
chmod 0600 "$work/bench.token"
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
cat > "$work/auth.textproto" <<CONFIG
tokens { sha256: "$hash" principal { tenant: "bench" roles: ROLE_ADMIN label: "bench" } }
rate_limit_per_second: 1000000
rate_limit_burst: 1000000
CONFIG

log="$work/supplyriskd.log"
"$work/supplyriskd" --listen=127.0.0.1:0 --data_dir="$data" --auth_config="$work/auth.textproto" \
  2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
address=""
for _ in $(seq 1 100); do
  address=$(sed -n 's/.*"event":"listening","address":"\([^"]*\)".*/\1/p' "$log")
  [ -n "$address" ] && break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "supplyriskd did not start:" >&2
  cat "$log" >&2
  exit 1
fi
case "$address" in
  127.0.0.1:*) ;;
  *) echo "supplyriskd listens on $address, not loopback" >&2; exit 1 ;;
esac

bin=$(bazel info bazel-bin)
if [ "$copies" -lt 100 ]; then
  echo "--copies must be at least 100: the ListSuppliers page has 100 rows" >&2
  exit 2
fi
read -r engagement supplier < <(PYTHONPATH="$bin/proto:$bin/external/googleapis:$root/clients/python" \
  /usr/bin/python3 bench/load_sample_supplier.py --target "$address" \
  --token_file "$work/bench.token" --copies "$copies")
echo "supplyriskd pid $pid on $address; engagement $engagement; $((copies + 1)) suppliers;" \
  "$calls calls ($health_calls health) x $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

results="$work/results.jsonl"
measure() {  # label method concurrency calls
  "$work/load_generator" --target="$address" --token_file="$work/bench.token" \
    --server_pid="$pid" --method="$2" --engagement="$engagement" --supplier="$supplier" \
    --page_size=100 --calls="$4" --concurrency="$3" |
    sed "s/^{/{\"label\":\"$1\",/" | tee -a "$results"
}
for run in $(seq 1 "$runs"); do
  measure health_c8 health 8 "$health_calls"
  measure evaluate_c8 evaluate_engagement 8 "$calls"
  measure evaluate_c32 evaluate_engagement 32 "$calls"
  measure get_supplier_c8 get_supplier 8 "$health_calls"
  measure list_100_c8 list_suppliers 8 "$((calls / 3 + 1))"
done

/usr/bin/python3 - "$results" <<'SUMMARY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r)

def spread(values):
    values = sorted(values)
    return values[0], statistics.median(values), values[-1]

def runs(label, key):
    return [r[key] for r in by[label]]

print("\nlabel             server CPU us/call (min/median/max)     QPS (median)   p50 / p99 us (median)")
for label in ("health_c8", "evaluate_c8", "evaluate_c32", "get_supplier_c8", "list_100_c8"):
    lo, mid, hi = spread(runs(label, "server_cpu_us_per_call"))
    print("%-16s %9.1f / %9.1f / %9.1f        %9.0f      %7.0f / %7.0f" % (
        label, lo, mid, hi, statistics.median(runs(label, "qps")),
        statistics.median(runs(label, "p50_us")), statistics.median(runs(label, "p99_us"))))

# Ratios run by run (each run measured both sides back to back), then min/median/max.
def ratio(num, den, key):
    return spread(a / b for a, b in zip(runs(num, key), runs(den, key)))

checks = [
    ("EvaluateEngagement server CPU / health check (c=8)", ratio("evaluate_c8", "health_c8",
     "server_cpu_us_per_call"), "<=", 5.0),
    ("EvaluateEngagement QPS / health check QPS (c=8)", ratio("evaluate_c8", "health_c8", "qps"),
     ">=", 0.2),
    ("EvaluateEngagement p99 ms (c=32)", spread(v / 1000 for v in runs("evaluate_c32", "p99_us")),
     "<=", 10.0),
    ("ListSuppliers 100 rows / GetSupplier server CPU", ratio("list_100_c8", "get_supplier_c8",
     "server_cpu_us_per_call"), "<=", 10.0),
]
print("\ntarget                                              min / median / max        target   met (all runs)")
for name, (lo, mid, hi), op, bound in checks:
    met = hi <= bound if op == "<=" else lo >= bound
    print("%-50s %7.3f / %7.3f / %7.3f   %s %-5g  %s" % (name, lo, mid, hi, op, bound,
                                                         "yes" if met else "NO"))
SUMMARY
