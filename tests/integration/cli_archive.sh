#!/usr/bin/env bash
# Archive discs through the CLI (R13.1, R11.1, R9.5): a case with a document and a video becomes a
# disc image that independent tools read (isoinfo, xorriso, bsdtar, sha256sum, openssl) and that
# verify-disc checks offline; a flipped byte names its file; a case over one disc becomes a
# numbered set; the four-property check (四性检测) stops bad discs; the archivist's registration
# archives the case.
source "$(dirname "$0")/lib/common.bash"
export FULLRECORD_STORE="$T/store"
C="乌教罚〔2026〕3号"
"$FR" archive --help >/dev/null 2>&1 || fail "fullrecord has no archive command (AddArchiveCommands not wired)"

# The bureau: officers li and wang, archivist chen, body camera DSJ-9.
archive_bureau DSJ-9

# Originals: a PDF, and a video made with the ffmpeg command.
ffmpeg -v error -f lavfi -i 'nullsrc=size=320x240:rate=15:duration=2,geq=lum=random(1)*255:cb=128:cr=128' \
  -c:v mpeg4 -q:v 2 "$T/clip.mp4"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$T/doc.pdf"
"$FR" --as li case open "$C" --kind penalty --title 无证办学 --section zf --officer wang >/dev/null
"$FR" --as li record text "$C" --stage start --type investigation_transcript --title 询问笔录 \
  --file "$T/doc.pdf" >/dev/null 2>&1
"$FR" --as li record av --device DSJ-9 --start "2026-12-01 09:00" --end "2026-12-01 09:10" \
  --case "$C" --stage start --file "$T/clip.mp4" >/dev/null
"$FR" --as li case end "$C" >/dev/null

# Only the section's archivist makes discs (R11.1).
expect_exit 2 "an officer may not make the discs" -- "$FR" --as li archive "$C" --drive none --out "$T/out"
expect_stderr "archivist"

# One click: check, image, label; no drive here.
expect_exit 0 "the archivist makes the disc set" -- "$FR" --as chen archive "$C" --drive none --out "$T/out"
grep -q "no drive: images written to $T/out/FR" "$T/stdout" || fail "no-drive path not reported: $(cat "$T/stdout")"
pass "without a drive the images are the output"
img=$(ls "$T"/out/FR*/*-1of1.iso)
grep -q "制片人：陈静" "${img%.iso}.label.txt" || fail "label lacks the maker"
pass "the label names the maker (制片人) and date"

# Independent tools read the image.
isoinfo -d -i "$img" | grep -q "Joliet" || fail "isoinfo finds no Joliet tree"
isoinfo -d -i "$img" | grep -q "Rock Ridge" || fail "isoinfo finds no Rock Ridge"
pass "isoinfo sees ISO 9660 with Joliet and Rock Ridge"
xorriso -indev "$img" -find / -type f 2>/dev/null | grep -q "音像记录/A0001-01-DSJ-9-20261201-090000.mp4" ||
  fail "xorriso does not list the video"
pass "xorriso lists the video under its readable name"
mkdir "$T/x"
bsdtar -xf "$img" -C "$T/x" || fail "bsdtar cannot extract the image"
cmp -s "$T/x/data/音像记录/A0001-01-DSJ-9-20261201-090000.mp4" "$T/clip.mp4" || fail "extracted video differs"
pass "bsdtar extracts the original unchanged"
(cd "$T/x" && sha256sum --quiet -c manifest-sha256.txt && sha256sum --quiet -c tagmanifest-sha256.txt) ||
  fail "sha256sum -c fails on the bag"
pass "the BagIt manifests check with sha256sum -c"
(cd "$T/x" && while read -r h f; do
  [ "$(openssl dgst -sm3 -r "$f" | cut -d' ' -f1)" = "$h" ] || exit 1
done <manifest-sm3.txt) || fail "an SM3 line does not match"
pass "the SM3 manifest checks with openssl dgst -sm3"
grep -q "^Maker: 陈静 (chen)" "$T/x/bag-info.txt" && grep -q "^Bag-Count: 1 of 1" "$T/x/bag-info.txt" ||
  fail "bag-info.txt lacks the maker or the set position"
pass "bag-info.txt names the maker and the disc's place in its set"
qpdf --check "$T/x/data/索引.pdf" >/dev/null || fail "the index PDF does not check"
pdftotext "$T/x/data/索引.pdf" - | grep -q "制片人：陈静" || fail "the index PDF lacks the maker"
pass "the printable index (PDF) names the maker"

# verify-disc: the image, and the extracted tree as a mounted disc would be.
expect_exit 0 "verify-disc passes the image with the pinned keys" -- \
  "$FR" verify-disc "$img" --key "$T/store/keys/ledger.vkeys"
expect_exit 0 "verify-disc passes a mounted copy" -- "$FR" verify-disc "$T/x" --key "$T/store/keys/ledger.vkeys"
expect_exit 0 "verify-disc without pinned keys still checks the disc" -- "$FR" verify-disc "$img"
expect_stderr "no keys pinned"

# One flipped byte inside the video's data names the video.
lba=$(xorriso -indev "$img" -find /data -name 'A0001-01-*.mp4' -exec report_lba -- 2>/dev/null |
  sed -n 's/^File data lba: *0 *, *\([0-9]*\) *,.*/\1/p' | head -1)
[[ -n "$lba" ]] || fail "xorriso did not report the video's block"
cp "$img" "$T/bad.iso"
printf '\x5a' | dd of="$T/bad.iso" bs=1 seek=$((lba * 2048 + 3000)) conv=notrunc status=none
expect_exit 1 "verify-disc fails on a flipped byte" -- "$FR" verify-disc "$T/bad.iso" --key "$T/store/keys/ledger.vkeys"
expect_stderr "data/音像记录/A0001-01-DSJ-9-20261201-090000.mp4"

# A case over one disc's capacity becomes a numbered set (tiny test media).
size=$(stat -c %s "$T/clip.mp4")
expect_exit 0 "a small medium gives a numbered set" -- \
  "$FR" --as chen archive "$C" --drive none --out "$T/small" --media-capacity $((size / 2 + 1500000))
n=$(ls "$T"/small/FR*/*.iso | wc -l)
((n >= 2)) || fail "expected several discs, got $n"
pass "the set has $n discs"
expect_exit 0 "verify-disc passes every disc of the set, the split video joined" -- \
  "$FR" verify-disc "$T"/small/FR*/*.iso --key "$T/store/keys/ledger.vkeys"

# Registration by the archivist archives the case (R13.1).
set_id=$("$FR" --json --as chen archive list "$C" | head -1 | sed 's/.*"set":\([0-9]*\).*/\1/')
expect_exit 0 "the archivist registers the set" -- \
  "$FR" --as chen archive register "$set_id" --location "档案室 A-3"
archived=$(sqlite3 "$T/store/metadata.db" "SELECT archived_us IS NOT NULL FROM case_file")
[[ $archived == 1 ]] || fail "the case is not marked archived"
pass "registering the set marks the case archived"
expect_exit 2 "a registered set is not registered twice" -- \
  "$FR" --as chen archive register "$set_id" --location elsewhere

# The four-property check stops a disc with a program among its originals, and says why.
head -c 4096 /bin/true >"$T/tool.bin"
"$FR" --as li record text "$C" --stage start --type investigation_transcript --title 附件 \
  --file "$T/tool.bin" >/dev/null 2>&1
before=$(find "$T/out" -type f | wc -l)
expect_exit 1 "an executable original stops the disc" -- "$FR" --as chen archive "$C" --drive none --out "$T/out"
expect_stderr "security: data/文字记录/T0002-附件.bin: executable program (elf)"
[[ $(find "$T/out" -type f | wc -l) == "$before" ]] || fail "a failed check left files behind"
pass "nothing is written when the check fails"
finish
