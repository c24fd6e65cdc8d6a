#!/bin/sh
# Runs a test with TSan pointed at the suppressions file shipped beside this script.
here="$0.runfiles/supplyrisk/bazel"
[ -f "$here/tsan.supp" ] || here="$(dirname "$0")"
TSAN_OPTIONS="suppressions=$here/tsan.supp halt_on_error=1 history_size=7 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
exec "$@"
