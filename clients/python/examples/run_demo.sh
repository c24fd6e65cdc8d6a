#!/bin/sh
# Starts supplyriskd on a free port with a fresh data dir, runs the pre-contract check against
# it (loads a sample supplier base through the API, evaluates engagements, prints decisions
# with reasons), then stops the server with SIGTERM.
# Usage: clients/python/examples/run_demo.sh path/to/supplyriskd
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin="$root/bazel-bin"
daemon=${1:-$bin/service/supplyriskd/supplyriskd}
data=$(mktemp -d "${TMPDIR:-/tmp}/supplyrisk-demo.XXXXXX")
log="$data/supplyriskd.log"
"$daemon" --listen=127.0.0.1:0 --data_dir="$data" 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
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
echo "supplyriskd listening on $address (data in $data)"
PYTHONPATH="$bin/proto:$bin/external/googleapis:$here/.." \
  /usr/bin/python3 "$here/precontract_check.py" --target "$address" \
  --token_file "$data/dev-admin.token"
