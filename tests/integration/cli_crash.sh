#!/usr/bin/env bash
# Crash safety: `fullrecord ingest` killed with SIGKILL at random moments. Afterwards the store
# verifies, and every ingest that reported success is present and intact (R9.5).
source "$(dirname "$0")/lib/common.bash"
S="$T/store"
rounds=${FR_CRASH_ROUNDS:-25}
[[ -n "${FR_QUICK:-}" ]] && rounds=6

"$FR" --store "$S" init >/dev/null
mkdir "$T/in"
: >"$T/reported"
for round in $(seq 1 "$rounds"); do
  # Fresh files each round, from a few bytes to a few MiB.
  rm -f "$T"/in/*
  for i in $(seq 1 12); do
    size=$((RANDOM * (RANDOM % 97 + 1) % 4000000 + 1))
    [[ $i -eq 1 ]] && size=1000  # one small file per round, so some ingests finish
    head -c "$size" /dev/urandom >"$T/in/r$round-$(printf %02d "$i").bin"
  done
  "$FR" --store "$S" --json ingest "$T"/in/*.bin >"$T/out.json" 2>/dev/null &
  pid=$!
  sleep "0.$((RANDOM % 400 + 10))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -o '"sha256":"[0-9a-f]*"' "$T/out.json" | cut -d'"' -f4 >>"$T/reported" || true
done
reported=$(sort -u "$T/reported" | wc -l)
[[ $reported -gt 0 ]] || fail "no ingest ever reported success; the kill came too early"
pass "$reported ingests reported success across $rounds kills"

expect_exit 0 "verify passes after the kills" -- "$FR" --store "$S" verify
while read -r h; do
  n=$(sqlite3 "$S/metadata.db" "SELECT count(*) FROM blob WHERE sha256 = '$h'")
  [[ $n -eq 1 ]] || fail "reported blob $h has no record"
  [[ $(sha256sum <"$(blob_path "$S" "$h")" | cut -d' ' -f1) == "$h" ]] || fail "blob $h is damaged"
done < <(sort -u "$T/reported")
pass "every reported ingest is present and intact"

# No temporary file of a dead writer is left once the store is opened for writing again.
echo "after" >"$T/after.txt"
"$FR" --store "$S" ingest "$T/after.txt" >/dev/null
[[ -z "$(ls -A "$S/blobs/.tmp")" ]] || fail "temporary files remain: $(ls "$S/blobs/.tmp")"
pass "temporaries of killed writers are swept"
finish
