#!/usr/bin/env bash
# A recording over 4 GiB on one archive disc (R13.1): the image holds it as an ISO 9660 level 3
# multi-extent file, independent readers (xorriso, isoinfo, bsdtar) see one whole file with the
# original's digest, verify-disc checks it, and a flipped byte in its second extent names it.
# Needs about 14 GiB of free disk and a few minutes of hashing: skipped under FR_QUICK.
source "$(dirname "$0")/lib/common.bash"
if [[ -n "${FR_QUICK:-}" ]]; then
  echo "skipped under FR_QUICK"
  exit 77
fi
free_kib=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
if ((free_kib < 14 * 1024 * 1024)); then
  echo "skipped: $T has $((free_kib / 1024 / 1024)) GiB free, the test needs 14"
  exit 77
fi
export FULLRECORD_STORE="$T/store"
C="乌教罚〔2026〕40号"

archive_bureau DSJ-4

# One real MPEG-TS recording of 4 GiB + 64 MiB: a short clip looped by stream copy.
ffmpeg -v error -f lavfi -i 'nullsrc=size=320x240:rate=25:duration=4,geq=lum=random(1)*255:cb=128:cr=128' \
  -c:v mpeg4 -q:v 1 -f mpegts "$T/seed.ts"
ffmpeg -v error -stream_loop -1 -i "$T/seed.ts" -c copy -fs $((4160 * 1024 * 1024)) -f mpegts "$T/big.ts"
size=$(stat -c %s "$T/big.ts")
((size > 4 * 1024 * 1024 * 1024)) || fail "the generated recording has only $size bytes"
want=$(sha256sum "$T/big.ts" | cut -d' ' -f1)

"$FR" --as li case open "$C" --kind penalty --title 大文件归档 --section zf --officer wang >/dev/null
"$FR" --as li record av --device DSJ-4 --start "2026-12-01 09:00" --end "2026-12-01 11:00" \
  --case "$C" --stage start --file "$T/big.ts" >/dev/null
rm "$T/big.ts"  # the vault holds it now; the disk is needed for the image
"$FR" --as li case end "$C" >/dev/null

expect_exit 0 "the archivist makes a BD-R 25 disc holding the 4 GiB recording" -- \
  "$FR" --as chen archive "$C" --media bd25 --drive none --out "$T/out"
img=$(ls "$T"/out/FR*/*-1of1.iso)
name="A0001-01-DSJ-4-20261201-090000.ts"

# Two extents, the first of the largest size ISO 9660 allows (0xFFFFF800 bytes).
xorriso -indev "$img" -find /data -name "$name" -exec report_lba -- 2>/dev/null >"$T/lba.txt"
extents=$(grep -c "^File data lba:" "$T/lba.txt" || true)
((extents >= 2)) || fail "xorriso reports $extents extent(s) for the recording: $(cat "$T/lba.txt")"
pass "xorriso sees the recording as a multi-extent file ($extents extents)"
isoinfo -l -i "$img" | grep -q " 4294965248 " || fail "isoinfo lists no extent of 0xFFFFF800 bytes"
pass "isoinfo lists a full first extent of 4294965248 bytes"

# bsdtar joins the extents back into the original.
listed=$(bsdtar -tvf "$img" "data/音像记录/$name" | awk '{ print $5 }')
[[ "$listed" == "$size" ]] || fail "bsdtar lists $listed bytes, the original has $size"
got=$(bsdtar -xOf "$img" "data/音像记录/$name" | sha256sum | cut -d' ' -f1)
[[ "$got" == "$want" ]] || fail "the file bsdtar extracts has SHA-256 $got, the original $want"
pass "bsdtar extracts all $size bytes with the original's SHA-256"
bsdtar -xOf "$img" manifest-sha256.txt | grep -q "^$want  data/音像记录/$name\$" ||
  fail "the bag's SHA-256 manifest does not carry the original's digest"
pass "the bag's manifest carries the original's digest"

expect_exit 0 "verify-disc passes the image" -- "$FR" verify-disc "$img" --key "$T/store/keys/ledger.vkeys"

# A byte flipped inside the second extent, past the first 4 GiB of the file, names it.
lba=$(sed -n 's/^File data lba: *1 *, *\([0-9]*\) *,.*/\1/p' "$T/lba.txt")
[[ -n "$lba" ]] || fail "no second extent reported"
printf '\x5a' | dd of="$img" bs=1 seek=$((lba * 2048 + 1000)) conv=notrunc status=none
expect_exit 1 "verify-disc fails on a byte flipped in the second extent" -- \
  "$FR" verify-disc "$img" --key "$T/store/keys/ledger.vkeys"
expect_stderr "data/音像记录/$name"
finish
