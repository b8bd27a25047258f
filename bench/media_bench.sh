#!/usr/bin/env bash
# Media benchmarks, each against a baseline measured in the same run (ratios are what count on a
# shared machine). Called by bench/run.sh; prints its lines on stdout.
#   1. dock import of N body-camera segments against `cp` of the same files followed by
#      `openssl dgst -sha256` and `openssl dgst -sm3`, one after the other (goal >= 1.0). The
#      segments are real H.264/AAC MP4 files of a registered, assigned device with consecutive
#      creation times, so the import does all of its work: store, probe every packet, group into
#      one recording of the holder, match the case. Pictures and proxies are left out
#      (--no-derivatives): they are background work the baseline has no counterpart for.
#   2. proxy transcoding of an HEVC clip against the ffmpeg CLI doing the same conversion with the
#      same codec settings and threads (goal >= 0.9). Both times are of the transcode alone: the
#      CLI's own "-benchmark" rtime, and the import's elapsed_ms for the proxy job.
# Sizes (env):
#   BENCH_MEDIA_SEGMENTS      segments imported (default 20)
#   BENCH_MEDIA_SEGMENT_MIB   size of each segment (default 200)
#   BENCH_PROXY_SECONDS       length of the HEVC clip (default 30)
#   BENCH_PROXY_SIZE          its picture size (default 1280x720)
#   BENCH_PROXY_THREADS       decoder and encoder threads on both sides (default: cores)
# Usage: bench/media_bench.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
fr="$build/bin/fullrecord"
work=$(mktemp -d "${BENCH_DIR:-/var/tmp}/fullrecord-media-bench.XXXXXX")  # removed on exit
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

segments=${BENCH_MEDIA_SEGMENTS:-20}
seg_mib=${BENCH_MEDIA_SEGMENT_MIB:-200}
proxy_secs=${BENCH_PROXY_SECONDS:-30}
proxy_size=${BENCH_PROXY_SIZE:-1280x720}
threads=${BENCH_PROXY_THREADS:-$(nproc)}

# Wall seconds of a command; exit codes in $2.. are accepted ("secs").
measure_ok() {
  local ok=$1
  shift
  local rc=0
  /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    cat "$work/err.txt" >&2
    return 1
  fi
  tail -1 "$work/time.txt"  # time(1) adds a line before it for a non-zero exit
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", m / s }'; }

echo "-- media: dock import of $segments segments of $seg_mib MiB (H.264 720p, AAC)"
mkdir -p "$work/dock/DSJ-001" "$work/copy"
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
# A 10 s clip with noise (so it does not compress to nothing), looped by stream copy to the
# segment size; each segment is a remux of it with its own creation time, hence its own bytes.
ff -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=10" -f lavfi -i "sine=duration=10" \
  -vf "noise=alls=30:allf=t" -c:v libx264 -preset ultrafast -b:v 40M -pix_fmt yuv420p \
  -c:a aac -b:a 128k -shortest "$work/clip.mp4"
clip_bytes=$(stat -c %s "$work/clip.mp4")
loops=$(((seg_mib * 1024 * 1024) / clip_bytes + 1))
ff -stream_loop "$loops" -i "$work/clip.mp4" -c copy -fs $((seg_mib * 1024 * 1024)) \
  "$work/long.mp4"
seg_s=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/long.mp4" |
  awk '{ printf "%d", $1 }')
t0=$(date -u -d "2026-12-03T06:00:00Z" +%s)
for i in $(seq 1 "$segments"); do
  t=$((t0 + (i - 1) * seg_s))  # consecutive: one recording without gaps
  name="DSJ-001_$(TZ=Asia/Shanghai date -d "@$t" +%Y%m%d_%H%M%S)_$(printf %04d "$i").MP4"
  ff -i "$work/long.mp4" -map 0 -c copy -metadata "creation_time=$(date -u -d "@$t" \
    +%Y-%m-%dT%H:%M:%SZ)" "$work/dock/DSJ-001/$name"
done
rm -f "$work/clip.mp4" "$work/long.mp4"
total_mib=$(du -sm --apparent-size "$work/dock" | cut -f1)
cat "$work"/dock/DSJ-001/* >/dev/null  # the same page-cache state for both
base_s=$(measure_ok 0 bash -c "cp '$work'/dock/DSJ-001/* '$work/copy/' &&
  openssl dgst -sha256 '$work'/dock/DSJ-001/* >/dev/null &&
  openssl dgst -sm3 '$work'/dock/DSJ-001/* >/dev/null")
rm -rf "$work/copy"
s="$work/store"
"$fr" --store "$s" init >/dev/null
"$fr" --store "$s" section add zf 执法科 >/dev/null
"$fr" --store "$s" person add li --name 李四 --section zf --cert-no 15010001 \
  --cert-valid-until 2030-12-31 >/dev/null
"$fr" --store "$s" role grant li officer >/dev/null
"$fr" --store "$s" device add DSJ-001 --type body_camera --section zf >/dev/null
"$fr" --store "$s" device assign DSJ-001 li --from "2026-12-01 00:00" >/dev/null
imp_s=$(measure_ok 0 "$fr" --store "$s" import --no-derivatives "$work/dock")
stored=$(grep -c "^stored" "$work/out.txt" || true)
[[ $stored -eq $segments ]] || { echo "import stored $stored of $segments files" >&2; exit 1; }
grep -q "^recording .* $segments segment(s) added" "$work/out.txt" ||
  { echo "the segments are not one recording: $(tail -3 "$work/out.txt")" >&2; exit 1; }
echo "cp + openssl sha256 + sm3:  ${base_s}s  $(rate "$total_mib" "$base_s") MiB/s"
echo "fullrecord import:          ${imp_s}s  $(rate "$total_mib" "$imp_s") MiB/s" \
  "($stored stored and probed, one recording)"
echo "import / (cp + sha256 + sm3): $(ratio "$base_s" "$imp_s")  (goal >= 1.00)"
rm -rf "$work/dock" "$s"

echo "-- media: proxy of a ${proxy_secs} s ${proxy_size} HEVC clip, $threads threads"
mkdir -p "$work/pdock"
clip="$work/pdock/DSJ-001_20261203_150000_0001.MP4"
ffmpeg -hide_banner -loglevel error -nostdin -y \
  -f lavfi -i "testsrc2=size=${proxy_size}:rate=30:duration=${proxy_secs}" \
  -f lavfi -i "sine=frequency=440:duration=${proxy_secs}" \
  -c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p \
  -c:a aac -b:a 128k -shortest "$clip"
height=${proxy_size#*x}
scale=()
if ((height > 720)); then scale=(-vf "scale=-2:720:flags=bicubic"); fi
ffmpeg -hide_banner -nostdin -y -benchmark -threads "$threads" -i "$clip" "${scale[@]}" \
  -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -threads "$threads" \
  -c:a aac -b:a 128k -movflags +faststart "$work/cli.mp4" 2>"$work/ffmpeg.txt" </dev/null
cli_s=$(grep -o 'rtime=[0-9.]*' "$work/ffmpeg.txt" | tail -1 | cut -d= -f2)
"$fr" --store "$work/pstore" init >/dev/null
"$fr" --store "$work/pstore" --json import --jobs 1 --threads "$threads" "$work/pdock" \
  >"$work/import.json" 2>"$work/import.err" || true
ms=$(grep -o '"elapsed_ms":[0-9]*,"kind":"proxy"' "$work/import.json" | grep -o '[0-9]*' | head -1)
[[ -n $ms ]] || { echo "no proxy was made: $(cat "$work/import.err")" >&2; exit 1; }
ours_s=$(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')
echo "ffmpeg CLI (libx264 veryfast crf 23, aac 128k, +faststart): ${cli_s}s" \
  " $(ratio "$proxy_secs" "$cli_s")x real time"
echo "fullrecord proxy (same settings):                          ${ours_s}s" \
  " $(ratio "$proxy_secs" "$ours_s")x real time"
echo "proxy speed / ffmpeg CLI: $(ratio "$cli_s" "$ours_s")  (goal >= 0.90)"
