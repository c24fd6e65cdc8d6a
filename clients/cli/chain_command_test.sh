#!/bin/bash
# `supplyrisk chain` on the sample chain in testdata/chains/: the tree, the JSON and the DOT views
# byte for byte against the expected files, and usage and input errors named.
# Regenerate the expected files after a deliberate change with the commands in the `view` lines.
set -euo pipefail
cli="$1"
data="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(suppliers/kanto-maint --relationships "$data/relationships.jsonl"
      --parties "$data/parties.jsonl")
failed=0
view() {  # expected-file, extra args...
  local expected="$data/$1"
  shift
  if ! "$cli" chain "${args[@]}" "$@" > "$work/got"; then
    echo "FAIL: supplyrisk chain ${args[*]} $* exited non-zero"
    failed=1
  elif ! diff -u "$expected" "$work/got"; then
    echo "FAIL: output differs from $expected"
    failed=1
  fi
}
view expected_engagement.txt --engagement "$data/engagement.textproto"
view expected_engagement.json --engagement "$data/engagement.textproto" --format json
view expected_chain.json --format json
view expected_chain.dot --format dot

expect_error() {  # code, text, args...
  local code=$1 text=$2
  shift 2
  set +e
  "$cli" chain "$@" > /dev/null 2> "$work/err"
  local got=$?
  set -e
  if [ "$got" != "$code" ] || ! grep -qF -- "$text" "$work/err"; then
    echo "FAIL: supplyrisk chain $* gave $got: $(cat "$work/err")"
    failed=1
  fi
}
expect_error 2 "--relationships (or --server) is required" suppliers/kanto-maint
expect_error 2 "--depth: a number of hops from 1 to 10" "${args[@]}" --depth 0
expect_error 2 "--format: text, json or dot" "${args[@]}" --format xml
printf '{"from_supplier": "suppliers/a", "to_supplier": "suppliers/b"}\n{"bogus": 1}\n' > "$work/bad.jsonl"
expect_error 1 "bad.jsonl:2: not a supplyrisk.v1.Relationship" suppliers/a --relationships "$work/bad.jsonl"
printf '{"to_supplier": "suppliers/b"}\n' > "$work/nofrom.jsonl"
expect_error 1 "relationship 1: invalid; from_supplier: required" suppliers/a --relationships "$work/nofrom.jsonl"
printf 'supplier: "suppliers/other"\ndata_classes: DATA_CLASS_PERSONAL\n' > "$work/other.textproto"
expect_error 1 "the engagement is suppliers/other's" "${args[@]}" --engagement "$work/other.textproto"

# Markup and quotes in a declared name stay text in DOT.
printf '{"from_supplier": "suppliers/a", "party_name": "Evil\\" ] x [label=\\"pwn"}\n' > "$work/evil.jsonl"
"$cli" chain suppliers/a --relationships "$work/evil.jsonl" --format dot > "$work/evil.dot"
if ! grep -qF 'label="Evil\" ] x [label=\"pwn (unidentified)"' "$work/evil.dot"; then
  echo "FAIL: a quote in a party name escaped the DOT label:"
  cat "$work/evil.dot"
  failed=1
fi
[ "$failed" = 0 ] && echo "chain command: all views and errors as expected"
exit "$failed"
