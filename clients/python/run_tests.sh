#!/bin/sh
# Runs the Python end-to-end, authorization, bad-input, mTLS and daemon tests, and the checks of
# the scanners' loopback DNS servers (clients/scan/testing).
# Usage: clients/python/run_tests.sh path/to/supplyriskd [path/to/store_digest] [-k PATTERN]
# Needs the generated stubs: bazel build //proto/supplyrisk/v1:api_py //bazel/system:googleapis_py
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="$root/bazel-bin"
PYTHONPATH="$bin/proto:$bin/external/googleapis:$here${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH
exec /usr/bin/python3 "$here/run_tests.py" "$@"
