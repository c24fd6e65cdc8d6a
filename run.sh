#!/usr/bin/env bash
# supplyrisk: one verb per job. Every verb first runs `setup`, which installs what is missing.
#   ./run.sh setup   install the Debian packages the build needs (nothing when all are there)
#   ./run.sh test    every test; the last line reads "N passed, M failed"
#   ./run.sh demo    the main job on the embedded default (RocksDB under ./var/)
#   ./run.sh bench   benchmarks, each beside a baseline measured in the same run
#   ./run.sh fuzz    long randomised runs (property and crash tests at higher counts)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

# Debian 12 packages: build tools, system libraries, Python client, benchmark baselines.
PACKAGES=(
  bazel-bootstrap pkg-config unzip g++ openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev librocksdb-dev rocksdb-tools libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libgoogle-common-protos-java libyaml-cpp-dev
  libidn2-dev
  python3 python3-grpcio python3-protobuf
)

log() { printf '[run.sh] %s\n' "$*" >&2; }

setup() {
  local missing=()
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "setup: all ${#PACKAGES[@]} packages present"
    return 0
  fi
  log "setup: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  log "setup: installed ${#missing[@]} package(s)"
}

BAZEL=(bazel)

# Counts Bazel test targets by their final status in the summary of a `bazel test` log.
count_bazel_results() {
  local logfile=$1
  local passed failed
  passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$logfile" || true)
  failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|FLAKY|INCOMPLETE|FAILED TO BUILD)' "$logfile" || true)
  echo "$passed $failed"
}

run_tests() {
  local logfile rc=0
  logfile=$(mktemp)
  # --keep_going so one broken target does not hide the results of the others.
  "${BAZEL[@]}" test --keep_going //... 2>&1 | tee "$logfile" | grep -vE '^(INFO|Loading|Analyzing|\[)' || true
  rc=${PIPESTATUS[0]}
  local counts passed failed
  counts=$(count_bazel_results "$logfile")
  passed=${counts% *}
  failed=${counts#* }
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A build error before any test ran: count it as a failure so it can't read as green.
    log "bazel test exited $rc without a failed test target (build error?)"
    failed=1
  fi
  rm -f "$logfile"

  local extra
  for extra in clients/python/run_tests.sh; do
    [ -x "$extra" ] || continue
    local out
    out=$(mktemp)
    set +e
    "$extra" 2>&1 | tee "$out"
    local extra_rc=${PIPESTATUS[0]}
    set -e
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1 || true)
    if [ -n "$line" ]; then
      passed=$((passed + $(echo "$line" | awk '{print $1}')))
      failed=$((failed + $(echo "$line" | awk '{print $3}')))
    fi
    if [ "$extra_rc" -ne 0 ] && { [ -z "$line" ] || [ "$(echo "$line" | awk '{print $3}')" -eq 0 ]; }; then
      failed=$((failed + 1))
    fi
    rm -f "$out"
  done

  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

run_demo() {
  "${BAZEL[@]}" build -c opt //clients/cli:supplyrisk >&2
  local cli="$ROOT/bazel-bin/clients/cli/supplyrisk"
  mkdir -p var/reports
  echo "== Template coverage: testdata/templates/cpsf-supplier.textproto"
  "$cli" template coverage testdata/templates/cpsf-supplier.textproto
  local case_dir
  for case_dir in testdata/suppliers/*/; do
    [ -f "$case_dir/response.textproto" ] || continue
    local name
    name=$(basename "$case_dir")
    "$cli" score --case "$case_dir" --format json > "var/reports/$name.json"
  done
  echo
  echo "== Assessment of one supplier (testdata/suppliers/sme-parts-maker)"
  "$cli" score --case testdata/suppliers/sme-parts-maker --format text
  echo
  echo "Wrote $(ls var/reports | wc -l) assessments to var/reports/"
}

run_bench() {
  "${BAZEL[@]}" build -c opt //bench/... >&2
  local b
  for b in bench/run_*.sh; do
    [ -x "$b" ] || continue
    log "bench: $b"
    "$b"
  done
}

run_fuzz() {
  "${BAZEL[@]}" test -c opt --test_env=SUPPLYRISK_FUZZ_ITERATIONS=100000 \
    --test_tag_filters=property //... 2>&1 | tail -n 20
}

verb=${1:-}
shift || true
case "$verb" in
  setup) setup ;;
  test) setup && run_tests ;;
  demo) setup && run_demo "$@" ;;
  bench) setup && run_bench "$@" ;;
  fuzz) setup && run_fuzz "$@" ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
