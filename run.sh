#!/usr/bin/env bash
# supplyrisk: one verb per job. Every verb first runs `setup`, which installs what is missing.
#   ./run.sh setup   install the Debian packages the build needs (nothing when all are there)
#   ./run.sh lint    formatting, clang-tidy, file sizes and the layering rules
#   ./run.sh test    every test; the last line reads "N passed, M failed"
#   ./run.sh demo    the main job on the embedded default (RocksDB under ./var/)
#   ./run.sh bench   benchmarks, each beside a baseline measured in the same run
#   ./run.sh fuzz [SECONDS]  libFuzzer targets for SECONDS each (default 60), then long
#                    randomised runs (property and crash tests at higher counts)
#   ./run.sh help    this text
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

# Debian 12 packages: build tools, system libraries, Python client, benchmark baselines.
PACKAGES=(
  bazel-bootstrap pkg-config unzip g++ openssl clang-format-14 clang-tidy-14
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev librocksdb-dev rocksdb-tools libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libgoogle-common-protos-java libyaml-cpp-dev
  libidn2-dev
  # The web scanner (libcurl) and the web server its integration test starts.
  libcurl4-openssl-dev nginx
  # DNS scanner: validating resolver library (pkg-config libunbound needs libevent and nettle).
  libunbound-dev libevent-dev nettle-dev
  python3 python3-grpcio python3-protobuf
  # OSCAL exports are validated against NIST's JSON schema (../shared/conformance/).
  python3-jsonschema
  # Questionnaire workbooks: written with libxlsxwriter, read with libzip + libxml2; the round-trip
  # test fills them as a spreadsheet program would, with openpyxl.
  libxlsxwriter-dev libzip-dev libxml2-dev python3-openpyxl
  # The HTML reports' test renders them in headless Chromium (Japanese in Noto CJK) and checks
  # their SVG with xmllint.
  chromium fonts-noto-cjk libxml2-utils
  # The scanners' integration tests: authoritative nsd behind a validating unbound, zones signed
  # with ldns (all on loopback).
  nsd unbound ldnsutils
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
  # Debian starts nsd, unbound and nginx as system services on ports 53 and 80 (and
  # unbound-resolvconf points the machine's resolver at unbound); the tests run their own on
  # loopback ports, so stop those.
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now nsd unbound unbound-resolvconf nginx >/dev/null 2>&1 || true
  fi
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
  set +e
  "${BAZEL[@]}" test --keep_going //... 2>&1 | tee "$logfile" | grep -vE '^(INFO|Loading|Analyzing|\[)'
  rc=${PIPESTATUS[0]}
  set -e
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
  # The openspf RFC 7208 suite (../shared/conformance/) is one Bazel test; show its own count.
  local suite_log=bazel-testlogs/clients/scan/dns/rfc7208_conformance_test/test.log
  if [ -f "$suite_log" ]; then
    echo "rfc7208: $(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$suite_log" | tail -n 1)"
  fi

  # The Python suites (end to end, authorization, bad input, mTLS, daemon, scanners against
  # loopback DNS servers) run against the real supplyriskd and supplyrisk binaries that
  # `bazel test //...` has just built.
  local out py_rc line
  out=$(mktemp)
  set +e
  clients/python/run_tests.sh "$ROOT/bazel-bin/service/supplyriskd/supplyriskd" \
    "$ROOT/bazel-bin/service/supplyriskd/store_digest" 2>&1 | tee "$out"
  py_rc=${PIPESTATUS[0]}
  set -e
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1 || true)
  rm -f "$out"
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | awk '{print $1}')))
    failed=$((failed + $(echo "$line" | awk '{print $3}')))
  fi
  if [ "$py_rc" -ne 0 ] && { [ -z "$line" ] || [ "$(echo "$line" | awk '{print $3}')" -eq 0 ]; }; then
    log "the Python suites exited $py_rc"
    failed=$((failed + 1))
  fi

  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# Fails when a C/C++ file is not formatted, a source file outgrows its limit, a layer reaches one
# it must not, or clang-tidy's agreed checks (.clang-tidy) find something.
run_lint() {
  local failed=0
  lint_format || failed=1
  lint_file_sizes || failed=1
  lint_layering || failed=1
  lint_tidy || failed=1
  if [ "$failed" -ne 0 ]; then
    log "lint: FAILED"
    return 1
  fi
  log "lint: clean"
}

lint_format() {
  local files=()
  mapfile -t files < <(git ls-files '*.cc' '*.h')
  if ! clang-format-14 --dry-run --Werror "${files[@]}"; then
    log "lint: clang-format would change the files above; run: git ls-files '*.cc' '*.h' | xargs clang-format-14 -i"
    return 1
  fi
  log "lint: ${#files[@]} C/C++ files formatted"
}

# No translation unit under engine/ or service/ over 800 lines (tests included).
lint_file_sizes() {
  local over
  over=$(git ls-files 'engine/*.cc' 'service/*.cc' | xargs wc -l | awk '$2 != "total" && $1 > 800')
  if [ -n "$over" ]; then
    log "lint: files over 800 lines:"
    echo "$over" >&2
    return 1
  fi
  log "lint: no engine/ or service/ .cc file over 800 lines"
}

# clients -> service -> engine -> proto, checked three ways: the build graph, the sources, and a
# probe showing that Bazel's visibility refuses an engine target that names RocksDB or gRPC.
lint_layering() {
  local failed=0 reached
  reached=$("${BAZEL[@]}" query --noshow_progress 'deps(//engine/...)' 2>/dev/null |
    grep -Ei 'rocksdb|grpc' || true)
  if [ -n "$reached" ]; then
    log "lint: //engine/... depends on RocksDB or gRPC:"
    echo "$reached" >&2
    failed=1
  fi
  local bad
  bad=$(git grep -nE '#include ["<]rocksdb/' -- ':!service/store/' ':!bench/' ':!bazel/' || true)
  if [ -n "$bad" ]; then
    log "lint: RocksDB included outside service/store/:"
    echo "$bad" >&2
    failed=1
  fi
  bad=$(git grep -nE '#include ["<](grpc|grpcpp)/' -- 'engine/' || true)
  if [ -n "$bad" ]; then
    log "lint: gRPC included under engine/:"
    echo "$bad" >&2
    failed=1
  fi
  bad=$(git grep -nE '#include <(fstream|filesystem)>|std::(i|o)?fstream|fopen\(' -- \
    'engine/' ':!engine/io/' ':!*_test.cc' || true)
  if [ -n "$bad" ]; then
    log "lint: file I/O in the pure engine (it belongs in engine/io/):"
    echo "$bad" >&2
    failed=1
  fi
  local probe=engine/layering_probe_
  local dep out
  for dep in //bazel/system:rocksdb //bazel/system:grpcpp; do
    rm -rf "$probe"
    mkdir -p "$probe"
    printf 'cc_library(name = "probe", deps = ["%s"])\n' "$dep" >"$probe/BUILD.bazel"
    out=$("${BAZEL[@]}" build --noshow_progress "//$probe:probe" 2>&1 || true)
    rm -rf "$probe"
    if grep -q "is not visible from target '//$probe:probe'" <<<"$out"; then
      log "lint: an engine target naming $dep is refused by visibility, as it must be"
    else
      log "lint: an engine target naming $dep was NOT refused by visibility:"
      echo "$out" | tail -n 5 >&2
      failed=1
    fi
  done
  return "$failed"
}

lint_tidy() {
  "${BAZEL[@]}" build --noshow_progress //... >&2 || return 1
  local dir
  dir=$(mktemp -d)
  "${BAZEL[@]}" aquery --noshow_progress 'mnemonic("CppCompile", //...)' --output=jsonproto \
    2>/dev/null >"$dir/aquery.json"
  python3 bazel/lint/compile_commands.py "$dir/compile_commands.json" "$ROOT" \
    "$("${BAZEL[@]}" info execution_root 2>/dev/null)" <"$dir/aquery.json" || return 1
  python3 -c 'import json, sys; print("\n".join(e["file"] for e in json.load(open(sys.argv[1]))))' \
    "$dir/compile_commands.json" >"$dir/files"
  local rc=0
  xargs -P "$(nproc)" -n 4 clang-tidy-14 -p "$dir" --quiet <"$dir/files" >"$dir/tidy.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    grep -E 'error:|warning:|note:' "$dir/tidy.log" | grep -v 'warnings generated' >&2 || cat "$dir/tidy.log" >&2
    log "lint: clang-tidy found problems (checks in .clang-tidy)"
    rm -rf "$dir"
    return 1
  fi
  log "lint: clang-tidy clean over $(wc -l <"$dir/files") translation units"
  rm -rf "$dir"
}

run_demo() {
  "${BAZEL[@]}" build -c opt //service/supplyriskd:supplyriskd //clients/cli:supplyrisk \
    //proto/supplyrisk/v1:api_py //bazel/system:googleapis_py >&2
  local bin="$ROOT/bazel-bin"
  [ -d bazel-out/k8-opt/bin ] && bin="$ROOT/bazel-out/k8-opt/bin"
  echo "== Questionnaire coverage: testdata/templates/cpsf-supplier.textproto"
  "$bin/clients/cli/supplyrisk" template coverage testdata/templates/cpsf-supplier.textproto
  echo

  # The embedded default: no flags, so RocksDB lives under ./var/supplyrisk and a development
  # token for an admin of tenant "demo" is written beside it.
  mkdir -p var
  local log=var/supplyriskd.log
  # With a scheduled dirty-only rescoring every 10 minutes (off unless asked for).
  "$bin/service/supplyriskd/supplyriskd" --rescore_interval=10m 2>"$log" &
  local pid=$!
  trap "kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  local address="" _
  for _ in $(seq 1 100); do
    address=$(sed -n 's/.*"event":"listening","address":"\([^"]*\)".*/\1/p' "$log")
    [ -n "$address" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$address" ]; then
    log "supplyriskd did not start; its log:"
    cat "$log" >&2
    return 1
  fi
  echo "== supplyriskd serving on $address, data in ./var/supplyrisk, log in $log"
  PYTHONPATH="$bin/proto:$bin/external/googleapis:$ROOT/clients/python" \
    /usr/bin/python3 clients/python/examples/supplier_base_demo.py --target "$address" \
    --token_file var/supplyrisk/dev-admin.token --reports_dir var/reports
  echo
  echo "== Decision sheets and a portfolio report (HTML, A4) from the assessments just written"
  local assessment sheets=0 portfolio_args=()
  for assessment in var/reports/*.json; do
    case "$assessment" in *.supplier.json) continue ;; esac
    "$bin/clients/cli/supplyrisk" report "$assessment" --supplier "${assessment%.json}.supplier.json" \
      --lang en -o "${assessment%.json}.decision.html"
    portfolio_args+=("$assessment" --supplier "${assessment%.json}.supplier.json")
    sheets=$((sheets + 1))
  done
  "$bin/clients/cli/supplyrisk" report --portfolio "${portfolio_args[@]}" --lang en \
    -o var/reports/portfolio.html
  echo "  $sheets decision sheets: ./var/reports/<supplier>.decision.html"
  echo "  portfolio report: ./var/reports/portfolio.html"
  echo
  echo "== OSCAL Assessment Results of the supplier cases, scored from their files (en and ja)"
  mkdir -p var/reports/oscal
  local dir name exported=0 refused=0 lang CASE_ARGS
  # shellcheck source=testdata/suppliers/case_args.sh
  . testdata/suppliers/case_args.sh
  for dir in testdata/suppliers/*/; do
    name=$(basename "$dir")
    case_score_args "$dir"
    for lang in en ja; do
      if "$bin/clients/cli/supplyrisk" "${CASE_ARGS[@]}" --format oscal --lang "$lang" \
        > "var/reports/oscal/$name.$lang.json" 2> var/reports/oscal/last-error.txt; then
        exported=$((exported + 1))
      else
        # Cases built to be refused (empty evidence, future dates): say so, keep nothing.
        rm -f "var/reports/oscal/$name.$lang.json"
        [ "$lang" = en ] && echo "  $name: refused: $(sed -n 2p var/reports/oscal/last-error.txt | sed 's/^ *//')"
        refused=$((refused + 1))
      fi
    done
  done
  rm -f var/reports/oscal/last-error.txt
  echo "  $exported documents in ./var/reports/oscal/ ($refused refused as invalid input)"
  if /usr/bin/python3 clients/report/validate_oscal.py \
    ../shared/conformance/oscal_assessment-results_schema_1.0.6.json var/reports/oscal/*.json \
    > var/reports/oscal/validation.txt 2>&1; then
    echo "  all valid against NIST's OSCAL 1.0.6 schema (var/reports/oscal/validation.txt)"
  elif [ -f ../shared/conformance/oscal_assessment-results_schema_1.0.6.json ]; then
    echo "  INVALID documents: see var/reports/oscal/validation.txt"
    return 1
  else
    echo "  (not validated: ../shared/conformance/ is not beside the repository)"
  fi
  echo
  echo "== Rescoring the whole supplier base as one job: supplyrisk rescore --wait"
  "$bin/clients/cli/supplyrisk" rescore --server "$address" \
    --token_file var/supplyrisk/dev-admin.token --wait
  kill -TERM "$pid"
  wait "$pid" || true
  trap - EXIT
  echo "supplyriskd stopped; its data stays in ./var/supplyrisk for the next run"
}

run_bench() {
  "${BAZEL[@]}" build -c opt //bench:scoring_bench //bench:store_durable_writes \
    //bench:chain_bench //service/store:crash_test_main >&2
  local bin="$ROOT/bazel-out/k8-opt/bin"
  echo "== Scoring one cpsf-supplier response with 50 signals, beside parsing the same inputs"
  "$bin/bench/scoring_bench" --benchmark_min_time=1
  echo
  echo "== Durable writes, 32 writers: the store beside db_bench fillrandom --sync=1"
  STORE_BENCH="$bin/bench/store_durable_writes" bench/store_durable_writes.sh
  echo
  echo "== Service calls beside a gRPC health check (same client): EvaluateEngagement CPU, QPS, p99; ListSuppliers vs GetSupplier"
  bench/evaluate_engagement.sh
  echo
  echo "== Subcontractor chains: 100,000 suppliers, 500,000 relationships, beside a plain BFS and one edge pass"
  "$bin/bench/chain_bench"
  echo
  echo "== Batch rescoring of a generated base (RESCORE_SUPPLIERS, default 100,000): full job and dirty-only after 1% changed, beside a storage-only pass"
  bench/rescore_base.sh "${RESCORE_SUPPLIERS:-100000}"
  echo
  echo "== Crash test, long run: SIGKILLed writers, every acknowledged write checked"
  "$bin/service/store/crash_test_main" --cycles=500 --max_run_ms=1000 --full_check_every=10
}

# ./run.sh fuzz [SECONDS]: every libFuzzer target under //fuzz for SECONDS each (default 60, or
# $FUZZ_SECONDS), built with clang-14, ASan and UBSan (--config=fuzz); then the property tests.
# New inputs go to a scratch corpus, never into fuzz/corpus/; a crash leaves its input under
# var/fuzz/ and fails the run.
run_fuzz() {
  local seconds=${1:-${FUZZ_SECONDS:-60}}
  local out="$ROOT/var/fuzz" failed=0 target log execs rate
  mkdir -p "$out"
  "${BAZEL[@]}" build --config=fuzz //fuzz/...
  local bin
  bin=$("${BAZEL[@]}" info --config=fuzz bazel-bin)
  for target in $(cd fuzz/corpus && ls); do
    rm -rf "$out/$target.corpus"
    mkdir -p "$out/$target.corpus"
    log="$out/$target.log"
    echo "== fuzz $target for ${seconds}s"
    if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$bin/fuzz/${target}_fuzz_test" -max_total_time="$seconds" -print_final_stats=1 \
      -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/$target-" \
      "$out/$target.corpus" "fuzz/corpus/$target" >"$log" 2>&1; then
      execs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log")
      rate=$(( ${execs:-0} / (seconds > 0 ? seconds : 1) ))
      echo "$target: ${execs:-0} runs in ${seconds}s (${rate}/s), no crash; log $log"
    else
      failed=1
      echo "$target: CRASH or contract broken; input and log under $out/ ($log):"
      grep -E 'ERROR|contract broken|runtime error|Test unit written' "$log" | head -n 10
    fi
  done
  # The property and model-based tests, at 20x their CI size.
  "${BAZEL[@]}" test -c opt --test_tag_filters=property --test_timeout=3600 \
    --test_env=SUPPLYRISK_PROPERTY_CASES=20000 --test_env=SUPPLYRISK_MODEL_OPS=200000 \
    --test_output=all //...
  return "$failed"
}

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }

verb=${1:-}
shift || true
case "$verb" in
  setup) setup ;;
  lint) setup && run_lint ;;
  test) setup && run_tests ;;
  demo) setup && run_demo "$@" ;;
  bench) setup && run_bench "$@" ;;
  fuzz) setup && run_fuzz "$@" ;;
  help | -h | --help) usage ;;
  *)
    [ -n "$verb" ] && echo "run.sh: unknown verb '$verb'" >&2
    usage >&2
    exit 2
    ;;
esac
