#!/bin/bash
# A workbook exported by `supplyrisk questionnaire export`, opened and filled by another program
# (openpyxl, python3-openpyxl) and saved, imports back to the answers it was filled with: the
# answer, evidence and comment columns of a CSV export of the imported response equal those of the
# original response, for a case of each shipped questionnaire in each language. A workbook whose
# question text was edited by that program is refused naming the cell.
set -euo pipefail
cli="$1"
fill="$2"
cases="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
answers() {  # CSV -> its question id, answer, evidence and comment columns
  /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for r in rows[2:]:
    print(repr((r[0], r[9], r[10], r[11])))' "$1"
}
for case in sme-parts-maker saas-vendor-strong sme-selfcheck-retailer; do
  response="$cases/$case/response.textproto"
  template=$(sed -n 's/^template_id: "\(.*\)"/\1/p' "$response")
  for lang in ja en; do
    "$cli" questionnaire export "$template" --format xlsx --lang "$lang" -o "$work/blank.xlsx" 2>/dev/null
    "$cli" questionnaire export "$template" --format csv --lang "$lang" --response "$response" \
      -o "$work/want.csv" 2>/dev/null
    /usr/bin/python3 "$fill" "$work/blank.xlsx" "$work/want.csv" "$work/filled.xlsx" > /dev/null
    "$cli" questionnaire import "$work/filled.xlsx" --answered_at 2026-10-31 \
      -o "$work/got.textproto" 2> "$work/import.log" || { cat "$work/import.log"; exit 1; }
    "$cli" questionnaire export "$template" --format csv --lang "$lang" \
      --response "$work/got.textproto" -o "$work/got.csv" 2>/dev/null
    if ! diff <(answers "$work/want.csv") <(answers "$work/got.csv") > "$work/diff"; then
      echo "FAIL: $case ($lang): the imported answers differ"
      head -20 "$work/diff"
      exit 1
    fi
    echo "ok $case $lang: $(tail -1 "$work/import.log")"
  done
done
# Edited by the other program: a question text changed.
/usr/bin/python3 -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb["Questions"]["D5"] = "An easier question"
wb.save(sys.argv[2])' "$work/filled.xlsx" "$work/edited.xlsx"
if "$cli" questionnaire import "$work/edited.xlsx" -o "$work/none.textproto" 2> "$work/err"; then
  echo "FAIL: an edited workbook was imported"
  exit 1
fi
grep -q "Questions!D5: edited" "$work/err" || { echo "FAIL: the refusal does not name Questions!D5"; cat "$work/err"; exit 1; }
[ ! -e "$work/none.textproto" ] || { echo "FAIL: a response was written for a refused workbook"; exit 1; }
echo "PASS"
