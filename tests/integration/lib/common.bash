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

# A new store in $FULLRECORD_STORE with the bureau of the archive tests: section zf, certified
# officers li and wang, archivist chen, and body camera $1 issued to li since 2026-11-01.
archive_bureau() {
  "$FR" init >/dev/null
  "$FR" section add zf 执法科 >/dev/null
  for p in li wang; do
    "$FR" person add $p --name "${p}名" --section zf --cert-no "1501$p" --cert-valid-until 2030-12-31 >/dev/null
    "$FR" role grant $p officer >/dev/null
  done
  "$FR" person add chen --name 陈静 --section zf >/dev/null
  "$FR" role grant chen archivist >/dev/null
  "$FR" device add "$1" --type body_camera --section zf >/dev/null
  "$FR" device assign "$1" li --from "2026-11-01 08:00" >/dev/null
}

finish() {
  echo "$checks passed, 0 failed"
}
