#!/bin/bash
# NIST's OSCAL 1.0.6 Assessment Results schema (../shared/conformance/, validated with Debian's
# python3-jsonschema) against the export of every supplier case of testdata/suppliers, in English
# and in Japanese: as the engine scores the golden cases (export_cases), and through
# `supplyrisk score --format oscal` for each case the CLI's input validation accepts (the others are
# there to be refused: the refusal must name the file). A document broken on purpose must be
# refused too, so a validator that accepts anything fails this test.
set -euo pipefail
cli="$1"
export_cases="$2"
schema="$3"
validator="$4"
cases="$5"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/engine" "$work/cli"

"$export_cases" "$cases" "$work/engine"
docs=("$work"/engine/*.json)
n_cases=$(find "$cases" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "${#docs[@]}" -ne $((2 * n_cases)) ] || [ "$n_cases" -lt 20 ]; then
  echo "FAIL: ${#docs[@]} documents for $n_cases cases"
  exit 1
fi

refused=0
# shellcheck source=testdata/suppliers/case_args.sh
. "$cases/case_args.sh"
for dir in "$cases"/*/; do
  name=$(basename "$dir")
  case_score_args "$dir"
  args=("${CASE_ARGS[@]}" --format oscal)
  for lang in en ja; do
    if "$cli" "${args[@]}" --lang "$lang" > "$work/cli/$name.$lang.json" 2> "$work/err"; then
      docs+=("$work/cli/$name.$lang.json")
    elif grep -q "$dir" "$work/err" && grep -q "invalid input" "$work/err"; then
      refused=$((refused + 1))
    else
      echo "FAIL: supplyrisk ${args[*]} --lang $lang:"
      cat "$work/err"
      exit 1
    fi
  done
done
if [ "$refused" -gt 8 ]; then
  echo "FAIL: the CLI refused $refused of $((2 * n_cases)) exports"
  exit 1
fi
/usr/bin/python3 "$validator" "$schema" "${docs[@]}" > "$work/report"
grep -c '^ok ' "$work/report" | sed 's/$/ documents valid/'

# The same validator refuses a document with a malformed UUID and one with an empty array.
/usr/bin/python3 - "${docs[0]}" "$work" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
bad_uuid = json.loads(json.dumps(doc))
bad_uuid["assessment-results"]["uuid"] = "not-a-uuid"
json.dump(bad_uuid, open(sys.argv[2] + "/bad_uuid.json", "w"))
empty = json.loads(json.dumps(doc))
empty["assessment-results"]["results"][0]["observations"] = []
json.dump(empty, open(sys.argv[2] + "/empty_array.json", "w"))
PY
for bad in bad_uuid empty_array; do
  if /usr/bin/python3 "$validator" "$schema" "$work/$bad.json"; then
    echo "FAIL: the validator accepted $bad.json"
    exit 1
  fi
done
echo "PASS: ${#docs[@]} documents valid ($refused CLI exports refused as invalid input); broken ones refused"
