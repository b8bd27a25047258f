# Shared helpers for the CLI integration tests. Each test sources this file, gets a fresh
# temporary directory in $T (removed on exit) and the binary in $FR.
set -euo pipefail
: "${FR:?FR must name the fullrecord binary}"
T=$(mktemp -d /tmp/fullrecord-it.XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
checks=0

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

pass() {
  checks=$((checks + 1))
  echo "ok $checks - $*"
}

# expect_exit CODE DESCRIPTION -- command...: runs the command, keeps its stderr in $T/stderr.
expect_exit() {
  local want=$1 what=$2
  shift 3
  local got=0
  "$@" >"$T/stdout" 2>"$T/stderr" || got=$?
  [[ $got -eq $want ]] || fail "$what: exit $got, expected $want; stderr: $(cat "$T/stderr")"
  pass "$what"
}

expect_stderr() {
  grep -q -- "$1" "$T/stderr" || fail "stderr lacks \"$1\": $(cat "$T/stderr")"
  pass "stderr says \"$1\""
}

# A listing of every file of a store with its digest, to prove nothing changed.
snapshot() {
  (cd "$1" && find . -type f ! -name '*-shm' -print0 | sort -z | xargs -0 sha256sum)
}

blob_path() {
  local h=$2
  echo "$1/blobs/${h:0:2}/${h:2:2}/$h"
}

finish() {
  echo "$checks passed, 0 failed"
}
