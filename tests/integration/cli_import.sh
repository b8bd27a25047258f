#!/usr/bin/env bash
# Dock import from the command line (R9.2–R9.4, R11.2, R12.1, R17.4): body-camera media made with
# the ffmpeg CLI is stored byte for byte, grouped into a recording of the device's holder, matched
# to the case, gaps become interruptions, unreadable files are kept and marked, a second import
# writes nothing, sources never change unless --remove-after-verify, and --watch imports a file
# only once it has stopped growing.
source "$(dirname "$0")/lib/common.bash"
S="$T/store"
export FULLRECORD_STORE="$S"
unset FULLRECORD_AS
export FULLRECORD_FAKE_NOW=2026-12-03T08:00:00Z  # 16:00 in Beijing, after the recordings
command -v ffmpeg >/dev/null || fail "ffmpeg (Debian package ffmpeg) makes the test media"

fr() { "$FR" "$@"; }
sql() { sqlite3 "$S/metadata.db" "$1"; }
ledger_size() { sql "select count(*) from ledger_entry"; }
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }

fr init >/dev/null
fr section add zf 执法科 >/dev/null
fr person add li --name 李四 --section zf --cert-no 15010001 --cert-valid-until 2030-12-31 >/dev/null
fr person add wang --name 王五 --section zf --cert-no 15010002 --cert-valid-until 2030-12-31 >/dev/null
fr role grant li officer >/dev/null
fr role grant wang officer >/dev/null
fr person add boss --name 钱局长 --section zf >/dev/null
fr role grant boss principal_leader >/dev/null
fr device add DSJ-001 --type body_camera --section zf >/dev/null
fr device assign DSJ-001 li --from "2026-12-01 00:00" >/dev/null
case_id=$(fr --as li case open 乌教罚2026-1 --kind penalty --title 无证办学 --section zf \
  --officer wang --onsite-start "2026-12-03 14:00" --onsite-end "2026-12-03 15:00")
[[ $case_id =~ ^[0-9]+$ ]] || fail "case open printed \"$case_id\""
pass "bureau set up: officer li holds DSJ-001; case $case_id on site 14:00-15:00"

# One-second segments: two contiguous, one after an 8 s gap, one HEVC, one cut short, random
# bytes with a body-camera name, an audio-only file, and a file that is not media.
D="$T/dock/DSJ-001"
mkdir -p "$D"
ff -f lavfi -i testsrc=size=160x120:rate=15:duration=1 -f lavfi -i sine=duration=1 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$T/base.mp4"
seg() {  # seg NAME UTC-CREATION: a copy of the base clip with its own time and bytes
  ff -i "$T/base.mp4" -c copy -map_metadata -1 -metadata creation_time="$2" -metadata comment="$1" "$D/$1"
}
seg DSJ-001_20261203_140500_0001.MP4 2026-12-03T06:05:00Z
seg DSJ-001_20261203_140501_0002.MP4 2026-12-03T06:05:01Z
seg DSJ-001_20261203_140510_0003.MP4 2026-12-03T06:05:10Z
ff -f lavfi -i testsrc=size=160x120:rate=15:duration=1 -c:v libx265 -preset ultrafast \
  -x265-params log-level=error -pix_fmt yuv420p -metadata creation_time=2026-12-03T06:05:11Z \
  "$D/DSJ-001_20261203_140511_0004.MP4"
seg DSJ-001_20261203_140512_0005.MP4 2026-12-03T06:05:12Z
truncate -s 2000 "$D/DSJ-001_20261203_140512_0005.MP4"
head -c 100000 /dev/urandom >"$D/DSJ-001_20261203_140513_0006.MP4"
ff -f lavfi -i sine=duration=1 -c:a mp2 "$D/REC_20261203_140514.mp2"
echo "not media" >"$D/notes.txt"
before=$(snapshot "$T/dock")
pass "7 media files made"

expect_exit 0 "import stores and registers every media file" -- fr import "$T/dock"
grep -q "1 interruption(s) the officer must explain" "$T/stdout" || fail "no interruption: $(cat "$T/stdout")"
pass "the 8 s gap is an interruption to explain (R9.3)"
[[ "$(snapshot "$T/dock")" == "$before" ]] || fail "the import changed a source"
pass "no source changed"
[[ $(sql "select count(*) from blob b join media_facts m on m.sha256 = b.sha256") -eq 7 ]] ||
  fail "expected 7 originals with facts"
for f in "$D"/*; do
  [[ $f == *.txt ]] && continue
  h=$(sha256sum <"$f" | cut -d' ' -f1)
  cmp -s "$f" "$(blob_path "$S" "$h")" || fail "vault copy of $f differs"
done
pass "every original is in the vault byte for byte; notes.txt is not"
[[ $(sql "select count(*) from av_record where case_id = $case_id and officer = 'li'") -eq 1 ]] ||
  fail "the recording is not li's in case $case_id"
[[ $(sql "select count(*) from av_segment") -eq 7 ]] || fail "expected 7 segments"
[[ $(sql "select count(*) from interruption where reason is null") -eq 1 ]] || fail "interruptions"
pass "one recording of li in the case, 7 segments, 1 unexplained interruption"
[[ $(sql "select count(*) from media_facts where readable = 0 and reason <> ''") -eq 2 ]] ||
  fail "the cut and the random files are not marked unreadable"
grep -q "moov atom not found" "$T/stdout" || fail "FFmpeg's reason is not shown"
pass "unreadable files are kept and marked with FFmpeg's reason"

# Derivatives: pictures for the readable videos, proxies for HEVC and MP2 only.
[[ $(sql "select count(*) from derivative where kind = 'proxy'") -eq 2 ]] || fail "proxies"
[[ $(sql "select count(*) from derivative where kind = 'poster'") -eq 4 ]] || fail "posters"
[[ $(sql "select count(*) from ledger_entry where data like '%\"derivative.created\"%'") -eq 10 ]] ||
  fail "derivative events"
proxy=$(sql "select d.sha256 from derivative d join media_facts m on m.sha256 = d.original_sha256
             where d.kind = 'proxy' and m.file_name like '%0004.MP4'")
p=$(blob_path "$S" "$proxy")
moov=$(grep -obUa moov "$p" | head -1 | cut -d: -f1)
mdat=$(grep -obUa mdat "$p" | head -1 | cut -d: -f1)
[[ -n $moov && -n $mdat && $moov -lt $mdat ]] || fail "the proxy's moov ($moov) is not before mdat ($mdat)"
ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$p" | sort | tr '\n' ' ' |
  grep -q "h264" || fail "the proxy is not H.264"
pass "HEVC proxy is H.264 MP4 with moov first; 10 derivatives linked and logged"

ledger=$(ledger_size)
expect_exit 0 "importing the same folder again succeeds" -- fr import "$T/dock"
[[ $(grep -c "^duplicate" "$T/stdout") -eq 7 ]] || fail "not all reported duplicate: $(cat "$T/stdout")"
[[ $(ledger_size) -eq $ledger ]] || fail "the second import wrote to the ledger"
pass "the second import wrote nothing"

expect_exit 0 "json output parses" -- fr --json import "$T/dock"
[[ $(grep -o '"outcome":"duplicate"' "$T/stdout" | wc -l) -eq 7 ]] ||
  fail "json output: $(cat "$T/stdout")"
pass "json lists the 7 files as duplicates"

# Bad input changes nothing.
ledger=$(ledger_size)
expect_exit 2 "a missing folder is refused" -- fr import "$T/nowhere"
expect_stderr "no such directory"
expect_exit 2 "a file is not a folder" -- fr import "$D/notes.txt"
expect_exit 2 "--max-seconds without --watch is refused" -- fr import --max-seconds 3 "$T/dock"
[[ $(ledger_size) -eq $ledger ]] || fail "a refused import wrote to the ledger"
pass "refused imports wrote nothing"

# A device nobody registered: stored, not a recording, exit 1.
mkdir -p "$T/dock2/XYZ-9"
seg2() { ff -i "$T/base.mp4" -c copy -metadata comment="$2" -metadata creation_time="$3" "$1/$2"; }
seg2 "$T/dock2/XYZ-9" XYZ-9_20261203_140600_0001.MP4 2026-12-03T06:06:00Z
expect_exit 1 "a file of an unregistered device is a problem" -- fr import --no-derivatives "$T/dock2"
grep -q "no registered device" "$T/stdout" || fail "the problem is not named: $(cat "$T/stdout")"
[[ $(sql "select count(*) from media_facts where file_name like 'XYZ-9%'") -eq 1 ]] || fail "not stored"
pass "it is stored and named as a problem"

# --remove-after-verify removes what is safely recorded, keeps the rest.
mkdir -p "$T/dock3/DSJ-001"
seg2 "$T/dock3/DSJ-001" DSJ-001_20261203_140700_0001.MP4 2026-12-03T06:07:00Z
cp "$T/dock2/XYZ-9/XYZ-9_20261203_140600_0001.MP4" "$T/dock3/"
expect_exit 1 "import with --remove-after-verify" -- \
  fr import --remove-after-verify --no-derivatives "$T/dock3"
[[ ! -e "$T/dock3/DSJ-001/DSJ-001_20261203_140700_0001.MP4" ]] || fail "the recorded source stayed"
[[ -e "$T/dock3/XYZ-9_20261203_140600_0001.MP4" ]] || fail "the unrecorded source was removed"
pass "the verified, recorded source is removed; the other is kept"

# --watch imports a growing file once, when it is complete.
mkdir -p "$T/dock4/DSJ-001"
seg2 "$T" DSJ-001_20261203_140800_0001.MP4 2026-12-03T06:08:00Z
src="$T/DSJ-001_20261203_140800_0001.MP4"
final=$(sha256sum <"$src" | cut -d' ' -f1)
size=$(stat -c %s "$src")
fr import --watch --max-seconds 12 --settle-seconds 2 --no-derivatives "$T/dock4" \
  >"$T/watch.out" 2>&1 &
watcher=$!
sleep 1
dst="$T/dock4/DSJ-001/DSJ-001_20261203_140800_0001.MP4"
for part in 0 1 2 3; do  # grows in four steps, well within the settle time of each other
  dd if="$src" of="$dst" bs=$(((size + 3) / 4)) skip=$part seek=$part count=1 conv=notrunc \
    status=none
  sleep 0.5
done
wait "$watcher" || true
[[ $(sql "select count(*) from blob where sha256 = '$final'") -eq 1 ]] ||
  fail "the complete file is not stored: $(cat "$T/watch.out")"
[[ $(sql "select count(*) from media_facts where file_name = 'DSJ-001_20261203_140800_0001.MP4'") -eq 1 ]] ||
  fail "a partial copy was imported: $(cat "$T/watch.out")"
pass "--watch imported the file once, complete"

# What the compliance rules read of an import (R9.2, R9.3, R12.1, R17.4): the findings come from
# src/services/compliance_rules.cc, run on the rows the import wrote.
report() { fr --as boss --json report compliance; }
has() {  # has RULE OBJECT [SEVERITY]: the report in $T/report has that finding
  local severity=${3:-}
  sqlite3 :memory: "select count(*) from json_each(readfile('$T/report')) where
    json_extract(value, '\$.rule') = '$1' and json_extract(value, '\$.object') like '$2%'
    and ('$severity' = '' or json_extract(value, '\$.severity') = '$severity')" |
    grep -qx '[1-9][0-9]*'
}
av=$(sql "select id from av_record where case_id = $case_id")
[[ $(sql "select onsite_first_av_us - onsite_start_us from case_file where id = $case_id") -eq \
  300000000 ]] || fail "the case's first recording is not 14:05 against a visit from 14:00"
pass "the case's first recording starts 5 minutes into the visit: what R9.2 compares"
fr --as li case advance "$case_id" investigation --reason 立案 >/dev/null
report >"$T/report"
has recording_started_late "case $case_id" violation || fail "no R9.2 finding: $(cat "$T/report")"
pass "past its start stage, the case's late first recording is an R9.2 finding"
has gap_unexplained "interruption" violation || fail "no R9.3 finding: $(cat "$T/report")"
pass "the unexplained 8 s gap is an R9.3 finding"
! has upload_late "av_record $av" || fail "an upload 2 hours after the end is late"
pass "an upload within 24 hours of the recording's end is on time (R12.1)"

# A recording of the evening, after the visit, docked two days later: late and of no case.
mkdir -p "$T/dock5/DSJ-001"
seg2 "$T/dock5/DSJ-001" DSJ-001_20261203_190000_0001.MP4 2026-12-03T11:00:00Z
export FULLRECORD_FAKE_NOW=2026-12-05T12:00:00Z
expect_exit 0 "an evening recording is imported two days later" -- \
  fr import --no-derivatives "$T/dock5"
grep -q "unassigned: matches no case" "$T/stdout" || fail "not unassigned: $(cat "$T/stdout")"
late=$(sql "select id from av_record where case_id is null and officer = 'li'")
[[ -n $late ]] || fail "no unassigned recording of li"
fr --as li --json record unassigned | grep -q "\"id\":$late" || fail "li's list lacks it"
pass "it is li's recording $late, listed for li to assign (R17.4)"
report >"$T/report"
has upload_late "av_record $late" violation || fail "no R12.1 finding: $(cat "$T/report")"
pass "uploaded 49 hours after the recording's end: an R12.1 finding"
has unassigned_recording "av_record $late" reminder || fail "no R17.4 reminder: $(cat "$T/report")"
export FULLRECORD_FAKE_NOW=2026-12-11T12:00:00Z
report >"$T/report"
has unassigned_recording "av_record $late" violation ||
  fail "no R17.4 violation: $(cat "$T/report")"
pass "unassigned, it is a reminder, and after 7 days an R17.4 violation"

expect_exit 0 "the store verifies" -- fr verify
finish
