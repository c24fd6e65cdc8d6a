#!/bin/bash
# The HTML reports, rendered in headless Chromium (Debian's chromium): a decision sheet, a supplier
# report and a portfolio report, each in Japanese and English, made with `supplyrisk report` from
# assessments `supplyrisk score --format json` printed for the supplier cases. For every page:
# its sections are there; every inline SVG is well-formed XML (xmllint); nothing is loaded from
# anywhere (no element with src or href, no <link>, <script>, url() or @import); Chromium takes
# a PNG screenshot of it; and a supplier name full of markup is shown as text (Chromium's DOM has
# no element it could have injected, and the name as text). A decision sheet prints on one A4
# page.
set -euo pipefail
cli="$1"
cases="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" "$@" 2>/dev/null
}
fail() { echo "FAIL: $*"; exit 1; }

# shellcheck source=testdata/suppliers/case_args.sh
. "$cases/case_args.sh"
score() {  # case lang as_of out
  case_score_args "$cases/$1" "$3"
  "$cli" "${CASE_ARGS[@]}" --format json --lang "$2" > "$4" 2>/dev/null
}

name='<script>alert("x")</script><img src=x onerror=alert(1)> 株式会社&テスト'
mkdir -p "$work/latest" "$work/previous"
for lang in ja en; do
  n=0
  for dir in "$cases"/*/; do
    c=$(basename "$dir")
    as_of=$(awk '$1 == "as_of" {print $2}' "$dir/case.txt")
    if score "$c" "$lang" "$as_of" "$work/latest/$c.$lang.json"; then
      n=$((n + 1))
      # The same inputs a month earlier: later answers do not count yet, decisions differ.
      score "$c" "$lang" 2026-10-01 "$work/previous/$c.$lang.json" || rm -f "$work/previous/$c.$lang.json"
    else
      rm -f "$work/latest/$c.$lang.json"
    fi
  done
  [ "$n" -ge 20 ] || fail "only $n cases scored in $lang"
  /usr/bin/python3 - "$name" > "$work/supplier.json" <<'PY'
import json, sys
print(json.dumps({"name": "suppliers/game-reopened-rdp", "corporateNumber": "1234567890123",
                  "displayName": {"ja": sys.argv[1], "en": sys.argv[1]}}))
PY
  "$cli" report "$work/latest/game-reopened-rdp.$lang.json" --supplier "$work/supplier.json" \
    --history "$work/previous/game-reopened-rdp.$lang.json" --lang "$lang" -o "$work/decision.$lang.html"
  "$cli" report "$work/latest/game-reopened-rdp.$lang.json" --kind full --supplier "$work/supplier.json" \
    --lang "$lang" -o "$work/full.$lang.html"
  prev=()
  for p in "$work"/previous/*."$lang".json; do prev+=(--previous "$p"); done
  "$cli" report --portfolio "$work"/latest/*."$lang".json "${prev[@]}" --supplier "$work/supplier.json" \
    --lang "$lang" -o "$work/portfolio.$lang.html"
done

check_page() {  # page sections...
  local page="$1"
  shift
  local s
  for s in "$@"; do
    grep -Eq "<(section|header) id=\"$s\">" "$page" || fail "$page: no section $s"
  done
  # Every inline SVG on its own, well-formed.
  /usr/bin/python3 - "$page" "$work/svg" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
for i, s in enumerate(svgs):
    open("%s.%d.svg" % (sys.argv[2], i), "w", encoding="utf-8").write(s)
print(len(svgs))
PY
  for svg in "$work"/svg.*.svg; do
    [ -e "$svg" ] || continue
    xmllint --noout "$svg" || fail "$page: $svg is not well-formed"
    rm -f "$svg"
  done
  if grep -Eq '<[a-zA-Z][^>]*[[:space:]](src|href)=|<link|<script|url\(|@import' "$page"; then
    fail "$page: loads something external: $(grep -Eo '<[a-zA-Z][^>]*[[:space:]](src|href)=[^>]*|<link[^>]*|<script|url\([^)]*|@import' "$page" | head -3)"
  fi
  chrome --screenshot="$page.png" --window-size=794,1123 "file://$page"
  [ "$(head -c 8 "$page.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$page: no PNG screenshot"
  [ "$(stat -c %s "$page.png")" -gt 10000 ] || fail "$page: the screenshot is nearly empty"
  chrome --dump-dom "file://$page" > "$page.dom"
  if grep -Eqi '<(script|img|iframe|object|embed)[ >]' "$page.dom"; then
    fail "$page: the DOM holds an element a supplier string injected"
  fi
}

for lang in ja en; do
  check_page "$work/decision.$lang.html" header outcome conditions figures findings discrepancies \
    chain factors trend audit
  grep -qF '&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; 株式会社&amp;テスト' \
    "$work/decision.$lang.html.dom" || fail "decision.$lang: the supplier's name is not shown as text"
  grep -q "1234567890123" "$work/decision.$lang.html" || fail "decision.$lang: no corporate number"
  chrome --print-to-pdf="$work/decision.$lang.pdf" --no-pdf-header-footer "file://$work/decision.$lang.html"
  pages=$(/usr/bin/python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1],"rb").read())))' "$work/decision.$lang.pdf")
  [ "$pages" -eq 1 ] || fail "decision.$lang: prints on $pages pages, not one"
  check_page "$work/full.$lang.html" header heatmap factor-detail all-findings discrepancies stars \
    chain patching audit
  check_page "$work/portfolio.$lang.html" header grades weak-cells issues concentration flips
  grep -q '<table>' "$work/portfolio.$lang.html" || fail "portfolio.$lang: no table"
  echo "ok $lang: decision sheet (1 page), supplier report, portfolio report"
done
# The portfolio saw decisions change between the two as_of dates.
grep -A3 '<section id="flips">' "$work/portfolio.en.html" | grep -q '<table>' || fail "portfolio: no decision flips listed"
echo PASS
