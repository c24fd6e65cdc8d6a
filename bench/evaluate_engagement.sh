#!/bin/bash
# Server CPU per EvaluateEngagement beside a gRPC health check, measured by the same load
# generator against one supplyriskd (opt build) on 127.0.0.1, with one sample supplier loaded.
# Three runs of each method; prints min/median/max server CPU per call and the ratio to the
# health check.
#
# Usage (from the repository root):
#   bench/evaluate_engagement.sh [--daemon PATH] [--calls N] [--health_calls N] [--concurrency C]
#     [--runs R]
# --daemon measures another build of supplyriskd (e.g. one built from an older commit) with this
# tree's load generator and loader.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
daemon=""
calls=3000
# Health checks are cheap: more of them, so the CPU clock (10 ms ticks) resolves them as well.
health_calls=30000
concurrency=2
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --daemon) daemon=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --health_calls) health_calls=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
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
engagement=$(PYTHONPATH="$bin/proto:$bin/external/googleapis:$root/clients/python" \
  /usr/bin/python3 bench/load_sample_supplier.py --target "$address" \
  --token_file "$work/bench.token")
echo "supplyriskd pid $pid on $address; engagement $engagement; $calls calls ($health_calls health) x $runs runs," \
  "concurrency $concurrency; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

results="$work/results.jsonl"
for method in health evaluate_engagement; do
  n=$calls
  [ "$method" = health ] && n=$health_calls
  for run in $(seq 1 "$runs"); do
    "$work/load_generator" --target="$address" --token_file="$work/bench.token" \
      --server_pid="$pid" --method="$method" --engagement="$engagement" \
      --calls="$n" --concurrency="$concurrency" | tee -a "$results"
  done
done

/usr/bin/python3 - "$results" <<'SUMMARY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["method"], []).append(r)
health = statistics.median(r["server_cpu_us_per_call"] for r in by["health"])
print("\nmethod               server CPU us/call (min / median / max)   x health (min / median / max)"
      "   QPS (median)   p50 / p99 us (median)")
for method in ("health", "evaluate_engagement"):
    cpu = sorted(r["server_cpu_us_per_call"] for r in by[method])
    ratio = [c / health for c in cpu]
    print("%-20s %8.1f / %8.1f / %8.1f              %6.1f / %6.1f / %6.1f           %8.0f      %6.0f / %6.0f" % (
        method, cpu[0], statistics.median(cpu), cpu[-1], ratio[0], statistics.median(ratio),
        ratio[-1], statistics.median(r["qps"] for r in by[method]),
        statistics.median(r["p50_us"] for r in by[method]),
        statistics.median(r["p99_us"] for r in by[method])))
SUMMARY
