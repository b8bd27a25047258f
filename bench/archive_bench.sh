#!/usr/bin/env bash
# Archive discs, each against a baseline measured in the same run:
#   making a disc image of a case's recordings   vs  xorriso -as mkisofs on the same files
#   verify-disc of that image                    vs  openssl dgst -sm3 / -sha256 on the same files
# Usage: bench/archive_bench.sh [build]   (bench/run.sh calls it)
#   ARCHIVE_BENCH_MIB    total size of the recordings (default 4096: a 4 GiB disc image)
#   ARCHIVE_BENCH_FILES  how many recordings it is split into (default 4; 1 with more than 4096
#                        MiB puts a file over 4 GiB on the disc, written as a multi-extent file)
#   ARCHIVE_BENCH_RUNS   runs of each command, the fastest counting (default 1): the machine is
#                        shared, and one busy moment would otherwise decide a ratio
set -euo pipefail
build=${1:-build}
fr="$(cd "$build" && pwd)/bin/fullrecord"
work=$(mktemp -d /var/tmp/fullrecord-archive-bench.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mib=${ARCHIVE_BENCH_MIB:-4096}
files=${ARCHIVE_BENCH_FILES:-4}
runs=${ARCHIVE_BENCH_RUNS:-1}
export FULLRECORD_STORE="$work/store"
C="BENCH-2026-1"

measure() {  # wall seconds of a command
  /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || {
    cat "$work/err.txt" >&2
    return 1
  }
  cat "$work/time.txt"
}
# The fastest of $runs runs of a command; "{run}" in its arguments becomes the run's number.
fastest() {
  local best="" s r
  for r in $(seq 1 "$runs"); do
    s=$(measure "${@//\{run\}/$r}") || return 1
    best=$(awk -v a="$best" -v b="$s" 'BEGIN { print (a == "" || b < a ? b : a) }')
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", m / s }'; }

# Recordings: a short noise clip in MPEG-TS, looped by stream copy to the size wanted, so every
# file is a real video that passes the four-property check. Each has its own clip: equal files
# would be one blob in the vault, and one file on the disc.
mkdir "$work/in"
each=$((mib / files))
for i in $(seq 1 "$files"); do
  ffmpeg -v error -f lavfi \
    -i "nullsrc=size=640x480:rate=25:duration=4,geq=lum=mod(random(1)*255+$i*37\,256):cb=128:cr=128" \
    -c:v mpeg4 -q:v 1 -f mpegts "$work/seed$i.ts"
  ffmpeg -v error -stream_loop -1 -i "$work/seed$i.ts" -c copy -fs $((each * 1024 * 1024)) \
    -f mpegts "$work/in/rec$i.ts"
done

# A store with one ended case holding the recordings.
"$fr" init >/dev/null
"$fr" section add zf 执法科 >/dev/null
"$fr" person add li --name 李明 --section zf --cert-no 1 --cert-valid-until 2030-12-31 >/dev/null
"$fr" person add wang --name 王强 --section zf --cert-no 2 --cert-valid-until 2030-12-31 >/dev/null
"$fr" person add chen --name 陈静 --section zf >/dev/null
for p in li wang; do "$fr" role grant $p officer >/dev/null; done
"$fr" role grant chen archivist >/dev/null
"$fr" device add DSJ-1 --type body_camera --section zf >/dev/null
"$fr" device assign DSJ-1 li --from "2026-11-01 08:00" >/dev/null
"$fr" --as li case open "$C" --kind penalty --title 基准测试 --section zf --officer wang >/dev/null
args=()
for f in "$work"/in/*.ts; do args+=(--file "$f"); done
"$fr" --as li record av --device DSJ-1 --start "2026-12-01 09:00" --end "2026-12-01 10:00" \
  --case "$C" --stage start "${args[@]}" >/dev/null
"$fr" --as li case end "$C" >/dev/null
total=$(du -cb "$work"/in/*.ts | tail -1 | cut -f1)
total_mib=$((total / 1024 / 1024))

echo "-- archive disc of ${total_mib} MiB in ${files} recordings (fastest of ${runs} run(s) each)"
cat "$work"/in/*.ts "$work"/store/blobs/*/*/* >/dev/null  # the same page-cache state for both
xo_s=""
for r in $(seq 1 "$runs"); do  # each image is removed outside the timing, as it is not ours
  s=$(measure xorriso -as mkisofs -quiet -R -J -iso-level 3 -o "$work/xorriso.iso" "$work/in")
  rm -f "$work/xorriso.iso"
  xo_s=$(awk -v a="$xo_s" -v b="$s" 'BEGIN { print (a == "" || b < a ? b : a) }')
done
fr_s=$(fastest "$fr" --as chen archive "$C" --media bd25 --drive none --out "$work/out{run}")
image=$(ls "$work"/out1/FR*/*-1of1.iso)

# The image as an independent reader sees it: the recordings (named on disc by record) listed at
# their full sizes, a file over 4 GiB only if all its extents were written.
want=$(stat -c %s "$work"/in/*.ts | sort -n | tr '\n' ' ')
got=$(bsdtar -tvf "$image" | awk '/音像记录\/A/ { print $5 }' | sort -n | tr '\n' ' ')
if [[ "$got" != "$want" ]]; then
  echo "bsdtar lists recordings of sizes [$got], the inputs are [$want]" >&2
  exit 1
fi
echo "bsdtar lists every recording at its full size: $got"
echo "xorriso -as mkisofs:       ${xo_s}s  $(rate "$total_mib" "$xo_s") MiB/s"
echo "fullrecord archive:        ${fr_s}s  $(rate "$total_mib" "$fr_s") MiB/s  (四性检测, SHA-256 recomputed, bag, index, image)"
echo "archive / xorriso throughput: $(ratio "$xo_s" "$fr_s")  (goal >= 0.90)"

cat "$image" "$work"/in/*.ts >/dev/null
sm3_s=$(fastest openssl dgst -sm3 "$work"/in/*.ts)
sha_s=$(fastest openssl dgst -sha256 "$work"/in/*.ts)
vd_s=$(fastest "$fr" verify-disc "$image" --key "$work/store/keys/ledger.vkeys")
slower=$(awk -v a="$sha_s" -v b="$sm3_s" 'BEGIN { print (a > b ? a : b) }')
echo "openssl dgst -sm3:         ${sm3_s}s  $(rate "$total_mib" "$sm3_s") MiB/s"
echo "openssl dgst -sha256:      ${sha_s}s  $(rate "$total_mib" "$sha_s") MiB/s"
echo "fullrecord verify-disc:    ${vd_s}s  $(rate "$total_mib" "$vd_s") MiB/s  (SHA-256 + SM3 of every file, proofs)"
echo "verify-disc / slower single hash: $(ratio "$slower" "$vd_s")  (goal >= 0.90)"
