#!/usr/bin/env bash
# make bench: every benchmark, each against a baseline measured in the same run (this machine is
# shared and noisy, so only ratios mean much). Results go to stdout and bench/out/results.txt.
#   BENCH_INGEST_MIB   size of the ingest file (default 2048)
#   BENCH_LEDGER_N     ledger entries (default 1000000)
#   ARCHIVE_BENCH_MIB  size of the archive disc's recordings (default 4096; bench/archive_bench.sh)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
fr="$build/bin/fullrecord"
work=${BENCH_DIR:-$(mktemp -d /var/tmp/fullrecord-bench.XXXXXX)}
out="$here/out"
mkdir -p "$out"
trap 'rm -rf "$work"' EXIT

mib=${BENCH_INGEST_MIB:-2048}
ledger_n=${BENCH_LEDGER_N:-1000000}

# Wall seconds and peak resident KiB of a command: "secs kib".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || {
    cat "$work/err.txt" >&2
    return 1
  }
  cat "$work/time.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", m / s }'; }

{
  echo "== fullrecord benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"

  # Ingest: both digests on two cores plus the durable write, against each single hash.
  echo "-- ingest of a ${mib} MiB file"
  head -c $((mib * 1024 * 1024)) < <(openssl enc -aes-128-ctr -pass pass:fullrecord -nosalt \
    -pbkdf2 </dev/zero 2>/dev/null) >"$work/input.bin"
  cat "$work/input.bin" >/dev/null  # the same page-cache state for every reader
  read -r sha_s _ < <(measure openssl dgst -sha256 "$work/input.bin")
  read -r sm3_s _ < <(measure openssl dgst -sm3 "$work/input.bin")
  "$fr" --store "$work/store" init >/dev/null
  read -r ing_s ing_kib < <(measure "$fr" --store "$work/store" ingest "$work/input.bin")
  slower=$(awk -v a="$sha_s" -v b="$sm3_s" 'BEGIN { print (a > b ? a : b) }')
  echo "openssl dgst -sha256:  ${sha_s}s  $(rate "$mib" "$sha_s") MiB/s"
  echo "openssl dgst -sm3:     ${sm3_s}s  $(rate "$mib" "$sm3_s") MiB/s"
  echo "fullrecord ingest:     ${ing_s}s  $(rate "$mib" "$ing_s") MiB/s  peak RSS $((ing_kib / 1024)) MiB"
  echo "ingest throughput / slower single hash: $(ratio "$slower" "$ing_s")  (goal >= 0.90)"
  echo "ingest peak memory: $((ing_kib / 1024)) MiB  (goal < 64 MiB)"
  rm -rf "$work/input.bin" "$work/store"

  echo "-- ledger"
  "$build/bin/ledger_bench" "$work/ledger" "$ledger_n" 1000

  echo "-- compliance report"
  "$build/bin/compliance_bench" "$work/compliance" "${BENCH_CASES:-100000}" "${BENCH_RECORDS:-1000000}"

  # Archive discs: making a 4 GiB image against xorriso, verify-disc against openssl dgst -sm3.
  "$here/archive_bench.sh" "$build"

  # Media: dock import against cp + sha256 + sm3, proxies against the ffmpeg CLI.
  "$here/media_bench.sh" "$build"
} | tee "$out/results.txt"
