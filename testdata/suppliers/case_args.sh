# Sourced by scripts that score the supplier cases with `supplyrisk score`: sets CASE_ARGS to the
# score arguments of the case folder $1 (its response, the as_of of case.txt unless $2 gives
# another, and the profile, signals and engagement files the case has).
case_score_args() {
  local dir="$1" as_of="${2:-}"
  [ -n "$as_of" ] || as_of=$(awk '$1 == "as_of" {print $2}' "$dir/case.txt")
  CASE_ARGS=(score --response "$dir/response.textproto" --as_of "$as_of")
  [ -f "$dir/profile.textproto" ] && CASE_ARGS+=(--profile "$dir/profile.textproto")
  [ -f "$dir/signals.jsonl" ] && CASE_ARGS+=(--signals "$dir/signals.jsonl")
  [ -f "$dir/engagement.textproto" ] && CASE_ARGS+=(--engagement "$dir/engagement.textproto")
  return 0
}
