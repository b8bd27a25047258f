#!/usr/bin/env bash
# Upload benchmark: one file sent to `fullrecord serve` over loopback with tus, in 64 MiB
# PATCHes (curl, one request after the other on one connection), against `fullrecord ingest` of the same file in
# the same run. Both end with the file durable in the vault, its SHA-256 and SM3 recorded and
# ledgered; ingest is bound by SM3, and so should the upload be (goal: >= 0.8x ingest's
# throughput). Prints both times and the ratio.
#   bench/upload_bench.sh [build-dir]
#   UPLOAD_BENCH_MIB    size of the file (default 2048)
#   UPLOAD_CHUNK_MIB    PATCH size (default 64)
#   UPLOAD_CLIENT       curl (default: one connection kept alive, as browsers do), curl1 (a
#                       new connection per PATCH), or node (tus-js-client, tests/js)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
FR=$(cd "$(dirname "$build/bin/fullrecord")" && pwd)/fullrecord
T=${BENCH_DIR:-$(mktemp -d /var/tmp/fullrecord-upload-bench.XXXXXX)}
mib=${UPLOAD_BENCH_MIB:-2048}
chunk=$((${UPLOAD_CHUNK_MIB:-64} * 1024 * 1024))
client=${UPLOAD_CLIENT:-curl}
port=$((20000 + RANDOM % 20000))

fail() {
  echo "upload_bench: $*" >&2
  exit 1
}
S="$T/upload-store"
source "$here/../tests/integration/lib/api_session.bash"
trap 'stop_server; rm -rf "$T"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v m="$mib" -v s="$1" 'BEGIN { printf "%.0f", m / s }'; }

# Creates the upload; prints its path (Location).
create_upload() {
  curl -sS -D - -o /dev/null -X POST -b "$cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $1" "$base/api/uploads" |
    tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }'
}

# The options of one PATCH of the file's bytes from $2, streamed from file or FIFO $3, with
# the response's header written to $4 (each transfer of a --next chain has its own options).
patch_args() {
  printf '%s\0' -sS -D "$4" -o /dev/null -X PATCH -T "$3" -H 'Expect:' -b "$cookie" \
    -H "X-CSRF-Token: $csrf" -H 'Tus-Resumable: 1.0.0' -H "Upload-Offset: $2" \
    -H 'Content-Type: application/offset+octet-stream' "$base$1"
}

# Sends the file with one curl process and one kept-alive connection, as a browser does: a
# creation, then PATCHes of $chunk bytes chained with --next, each body streamed by dd through
# a FIFO. Prints the SHA-256 the server answered with.
curl_upload() {
  local file=$1 size location n args=()
  size=$(stat -c %s "$file")
  location=$(create_upload "$size")
  [[ -n "$location" ]] || fail "the upload was not created"
  n=$(((size + chunk - 1) / chunk))
  for ((i = 0; i < n; i++)); do
    mkfifo "$T/body$i"
    ((i > 0)) && args+=(--next)
    mapfile -d '' -O "${#args[@]}" args < <(patch_args "$location" $((i * chunk)) "$T/body$i" \
      "$T/reply")
    dd if="$file" of="$T/body$i" bs=1M skip=$((i * chunk / 1048576)) \
      count=$((chunk / 1048576)) status=none &
  done
  curl "${args[@]}" || fail "PATCH failed"
  wait
  tr -d '\r' <"$T/reply" | awk 'tolower($1) == "upload-sha256:" { print $2 }'
}

# The same with a new curl process, hence a new connection, for every PATCH.
curl1_upload() {
  local file=$1 size location offset=0 reply args
  size=$(stat -c %s "$file")
  location=$(create_upload "$size")
  [[ -n "$location" ]] || fail "the upload was not created"
  while ((offset < size)); do
    mapfile -d '' args < <(patch_args "$location" "$offset" - -)
    reply=$(dd if="$file" bs=1M skip=$((offset / 1048576)) count=$((chunk / 1048576)) \
      status=none | curl "${args[@]}" | tr -d '\r')
    offset=$(awk 'tolower($1) == "upload-offset:" { print $2 }' <<<"$reply")
    [[ -n "$offset" ]] || fail "PATCH failed: $(head -1 <<<"$reply")"
  done
  awk 'tolower($1) == "upload-sha256:" { print $2 }' <<<"$reply"
}

node_upload() {
  node "$here/../tests/js/tus_upload.mjs" --endpoint "$base/api/uploads" --file "$1" \
    --chunk-size "$chunk" --cookie "$cookie" --csrf "$csrf" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])'
}

((chunk % 1048576 == 0)) || fail "UPLOAD_CHUNK_MIB must be whole MiB"
echo "-- upload of a ${mib} MiB file over loopback in $((chunk / 1048576)) MiB PATCHes ($client)"
head -c $((mib * 1024 * 1024)) < <(openssl enc -aes-128-ctr -pass pass:fullrecord -nosalt \
  -pbkdf2 </dev/zero 2>/dev/null) >"$T/input.bin"
expected=$(openssl dgst -sha256 "$T/input.bin" | awk '{ print $NF }')

# Ingest first, from a warm page cache, as bench/run.sh measures it.
cat "$T/input.bin" >/dev/null
"$FR" --store "$T/ingest-store" init >/dev/null
t0=$(now)
"$FR" --store "$T/ingest-store" ingest "$T/input.bin" >/dev/null
ingest_s=$(secs "$t0" "$(now)")
rm -rf "$T/ingest-store"

officer_session
cat "$T/input.bin" >/dev/null
t0=$(now)
got=$("${client}_upload" "$T/input.bin")
upload_s=$(secs "$t0" "$(now)")
[[ "$got" == "$expected" ]] || fail "the server's SHA-256 $got is not the file's $expected"

echo "fullrecord ingest:        ${ingest_s}s  $(rate "$ingest_s") MiB/s"
echo "tus upload (loopback):    ${upload_s}s  $(rate "$upload_s") MiB/s"
echo "upload throughput / ingest throughput: $(awk -v a="$ingest_s" -v b="$upload_s" \
  'BEGIN { printf "%.2f", a / b }')  (goal >= 0.80)"
