#!/usr/bin/env bash
# fullrecord backup: a copy that verifies as a store, finds a changed original, copies only new
# originals the second time, leaves the source untouched, and is refused to anyone but the
# system administrator. report --snapshot counts today's findings.
source "$(dirname "$0")/lib/common.bash"
S="$T/store"
B="$T/backup"
fr() { "$FR" --store "$S" "$@"; }

fr init >/dev/null
fr person add admin --name 系统管理员 >/dev/null
fr role grant admin sysadmin >/dev/null
fr section add law 法制科 >/dev/null
fr person add zhang --name 张三 --section law --cert-no 31000001 --cert-valid-until 2030-12-31 >/dev/null
fr role grant zhang officer >/dev/null
head -c 2000000 /dev/urandom >"$T/video.mp4"
echo "transcript" >"$T/transcript.txt"
fr --json ingest "$T/video.mp4" "$T/transcript.txt" >"$T/ingest.json"
video=$(head -1 "$T/ingest.json" | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
before=$(snapshot "$S" | grep blobs/)

expect_exit 0 "the system administrator makes a backup" -- fr --as admin --json backup "$B"
grep -q '"blobs_copied":2' "$T/stdout" || fail "first backup did not copy 2 originals: $(cat "$T/stdout")"
pass "first backup copied both originals"
expect_exit 0 "the backup verifies as a store" -- "$FR" --store "$B" verify
[[ $(stat -c %a "$B/keys/ledger-sm2.key") == 600 ]] || fail "private key in the backup is not 0600"
pass "private keys in the backup are 0600"
[[ "$(snapshot "$S" | grep blobs/)" == "$before" ]] || fail "originals in the source changed"
pass "originals in the source are unchanged"

echo "a later record" >"$T/later.txt"
fr ingest "$T/later.txt" >/dev/null
expect_exit 0 "a second backup into the same directory" -- fr --as admin --json backup "$B"
grep -q '"blobs_copied":1' "$T/stdout" || fail "second backup copied more than the new original"
grep -q '"blobs_skipped":2' "$T/stdout" || fail "second backup did not skip the two present"
pass "the second backup copied only the new original"
expect_exit 0 "the second backup verifies" -- "$FR" --store "$B" verify

p=$(blob_path "$B" "$video")
chmod u+w "$p"
printf '\xff' | dd of="$p" bs=1 seek=500 conv=notrunc status=none
expect_exit 1 "verify of the backup finds the changed original" -- "$FR" --store "$B" verify
expect_stderr "$video"
expect_exit 0 "the source still verifies" -- fr verify

expect_exit 2 "an officer may not back up" -- fr --as zhang backup "$T/other"
[[ ! -e "$T/other" ]] || fail "a refused backup wrote $T/other"
pass "a refused backup writes nothing"
mkdir "$T/foreign" && echo x >"$T/foreign/file"
expect_exit 2 "a non-empty directory that is no backup is refused" -- fr --as admin backup "$T/foreign"
n=$(sqlite3 "$S/metadata.db" "SELECT count(*) FROM backup WHERE result = 'ok'")
[[ $n == 2 ]] || fail "backup table holds $n successful backups, expected 2"
n=$(sqlite3 "$S/metadata.db" "SELECT count(*) FROM ledger_entry WHERE json_extract(data, '$.type') = 'backup.made'")
[[ $n == 3 ]] || fail "ledger holds $n backup.made events, expected 3 (two made, one refused)"
pass "every backup and refusal is a ledger event"

expect_exit 0 "report --snapshot counts today's findings" -- fr --json report --snapshot
grep -q '"day"' "$T/stdout" || fail "report --snapshot printed no day"
n=$(sqlite3 "$S/metadata.db" "SELECT count(*) FROM compliance_snapshot WHERE severity = 'total'")
[[ $n == 1 ]] || fail "compliance_snapshot holds $n counted days, expected 1"
pass "the day is counted"
expect_exit 2 "report without a subcommand or --snapshot is bad usage" -- fr report
finish
