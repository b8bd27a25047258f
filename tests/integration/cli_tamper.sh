#!/usr/bin/env bash
# Tampering with originals or the ledger is detected and named (R9.5, R17.2).
source "$(dirname "$0")/lib/common.bash"
S="$T/store"

"$FR" --store "$S" init >/dev/null
head -c 3000000 /dev/urandom >"$T/video.mp4"
echo "transcript" >"$T/transcript.txt"
"$FR" --store "$S" --json ingest "$T/video.mp4" "$T/transcript.txt" >"$T/ingest.json"
video=$(head -1 "$T/ingest.json" | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
expect_exit 0 "verify passes on an untouched store" -- "$FR" --store "$S" verify

# A blob file with one flipped byte.
p=$(blob_path "$S" "$video")
[[ ! -w "$p" || $(id -u) -eq 0 ]] || fail "blob file is writable"
[[ $(stat -c %a "$p") == 444 ]] || fail "blob file mode is $(stat -c %a "$p"), not 444"
pass "blob file is read-only"
cp "$p" "$T/saved"
chmod u+w "$p"
printf '\xff' | dd of="$p" bs=1 seek=1000 conv=notrunc status=none
chmod 444 "$p"
expect_exit 1 "verify fails on a flipped byte" -- "$FR" --store "$S" verify
expect_stderr "$video"
"$FR" --store "$S" --json verify >"$T/report.json" || true
grep -q '"ok":false' "$T/report.json" || fail "JSON report does not say ok:false"
pass "JSON report says ok:false"

# Put it back; the store verifies again.
chmod u+w "$p"
cp "$T/saved" "$p"
chmod 444 "$p"
expect_exit 0 "verify passes once the blob is restored" -- "$FR" --store "$S" verify

# A ledger row changed with the sqlite3 tool, after dropping the trigger that refuses it.
expect_exit 19 "sqlite3 cannot change a ledger row while the trigger stands" -- \
  sqlite3 "$S/metadata.db" "UPDATE ledger_entry SET data = 'x' WHERE seq = 1"
sqlite3 "$S/metadata.db" "DROP TRIGGER ledger_entry_no_update;
  UPDATE ledger_entry SET data = replace(data, 'transcript.txt', 'other.txt') WHERE seq = 2;"
expect_exit 1 "verify fails on a changed ledger row" -- "$FR" --store "$S" verify
expect_stderr "ledger entry 2"

# A blob row deleted behind the triggers: the blob file is now unaccounted for.
sqlite3 "$S/metadata.db" "DROP TRIGGER blob_no_delete; DELETE FROM blob;"
"$FR" --store "$S" verify >/dev/null 2>"$T/stderr" || true
grep -q "no vault record" "$T/stderr" || fail "orphaned blob file is not reported"
pass "a blob file with no record is reported"
finish
