#!/usr/bin/env bash
# Bad input gets one clear line on stderr, a non-zero exit, and changes nothing stored.
source "$(dirname "$0")/lib/common.bash"
S="$T/store"

"$FR" --store "$S" init >/dev/null
echo "kept" >"$T/kept.txt"
"$FR" --store "$S" ingest "$T/kept.txt" >/dev/null
before=$(snapshot "$S")

expect_exit 2 "missing file" -- "$FR" --store "$S" ingest "$T/none.mp4"
expect_stderr "no such file: $T/none.mp4"
expect_exit 2 "a directory" -- "$FR" --store "$S" ingest "$T"
expect_stderr "is a directory"
expect_exit 2 "a device, not a regular file" -- "$FR" --store "$S" ingest /dev/null
expect_stderr "not a regular file"
expect_exit 2 "one bad file among good ones stores none of them" -- \
  "$FR" --store "$S" ingest "$T/kept.txt" "$T/none.mp4"
[[ $(wc -l <"$T/stderr") -eq 1 ]] || fail "error is more than one line: $(cat "$T/stderr")"
pass "the error is one line"

# An unreadable file, for a user who is not root.
if command -v setpriv >/dev/null && [[ $(id -u) -eq 0 ]]; then
  U="$T/userstore"
  mkdir "$U" && chown nobody "$U" && chmod 755 "$T"
  as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  "${as_nobody[@]}" "$FR" --store "$U/s" init >/dev/null
  echo "secret" >"$T/unreadable.txt" && chmod 600 "$T/unreadable.txt"
  expect_exit 2 "unreadable file" -- "${as_nobody[@]}" "$FR" --store "$U/s" ingest "$T/unreadable.txt"
  expect_stderr "permission denied"
fi

expect_exit 2 "store that does not exist" -- "$FR" --store "$T/nowhere" ingest "$T/kept.txt"
expect_stderr "does not exist"
mkdir "$T/plain"
expect_exit 2 "directory that is not a store" -- "$FR" --store "$T/plain" verify
expect_stderr "is not a fullrecord store"
expect_exit 2 "init over an existing store" -- "$FR" --store "$S" init
expect_stderr "already a fullrecord store"
expect_exit 2 "log prove of an entry beyond the tree" -- "$FR" --store "$S" log prove 99
expect_stderr "beyond the tree size"
[[ "$(snapshot "$S")" == "$before" ]] || fail "the store changed"
pass "nothing stored changed"

# A truncated database: a clear error, and the files stay as they were.
cp -a "$S" "$T/broken"
truncate -s 8192 "$T/broken/metadata.db"
broken_before=$(snapshot "$T/broken")
expect_exit 4 "truncated database on ingest" -- "$FR" --store "$T/broken" ingest "$T/kept.txt"
expect_stderr "metadata database"
expect_exit 4 "truncated database on verify" -- "$FR" --store "$T/broken" verify
[[ "$(snapshot "$T/broken")" == "$broken_before" ]] || fail "the broken store changed"
pass "the broken store was not changed"

# A garbage database file.
cp -a "$S" "$T/garbage"
head -c 20000 /dev/urandom >"$T/garbage/metadata.db"
expect_exit 4 "database that is not SQLite" -- "$FR" --store "$T/garbage" verify
expect_stderr "damaged"
finish
