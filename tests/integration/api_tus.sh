#!/usr/bin/env bash
# Resumable uploads end to end: the real server (`fullrecord serve`) and the real tus-js-client
# in Node.js. An officer set up with the CLI uploads a file in chunks; then a larger upload is
# cut by killing the server with SIGKILL mid-PATCH, the server is started again, and the same
# upload URL resumes from the stored offset. The digests the server answers with are checked
# against the file, and the store verifies afterwards.
source "$(dirname "$0")/lib/common.bash"
here=$(cd "$(dirname "$0")" && pwd)
js="$here/../js"
S="$T/store"
port=$((20000 + RANDOM % 20000))
big_mib=${FR_TUS_MIB:-256}
source "$here/lib/api_session.bash"

command -v node >/dev/null || fail "node is not installed (scripts/install-deps)"
if [[ ! -d "$js/node_modules/tus-js-client" ]]; then
  (cd "$js" && { npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null; })
fi
trap '[[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

officer_session
pass "bureau set up with the CLI; the officer signed in over HTTP"

upload() {
  node "$js/tus_upload.mjs" --cookie "$cookie" --csrf "$csrf" "$@"
}
json_field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

# A file in 1 MiB chunks, with metadata.
head -c $((5 * 1024 * 1024 + 123)) /dev/urandom >"$T/small.bin"
out=$(upload --endpoint "$base/api/uploads" --file "$T/small.bin" --chunk-size 1048576 \
  --metadata '{"filename":"DSJ-001_20260302093000.mp4","filetype":"video/mp4"}') ||
  fail "chunked upload failed: $out"
[[ $(json_field "$out" match) == True ]] || fail "digest mismatch: $out"
sha=$(json_field "$out" sha256)
[[ $(json_field "$out" sm3) == $(openssl dgst -sm3 "$T/small.bin" | awk '{ print $NF }') ]] ||
  fail "SM3 differs from openssl's: $out"
pass "tus-js-client upload in 1 MiB PATCHes: SHA-256 and SM3 match the file"

# The original plays back with Range, and its uploader may fetch it.
curl -s -b "$T/li.jar" -r 100-199 "$base/api/blobs/$sha" >"$T/range.bin"
cmp -s "$T/range.bin" <(tail -c +101 "$T/small.bin" | head -c 100) || fail "range 100-199 differs"
pass "range request returns the right bytes"

# A larger upload in one PATCH, cut by SIGKILL once 40% is sent.
head -c $((big_mib * 1024 * 1024)) /dev/urandom >"$T/big.bin"
rm -f "$T/url"
upload --endpoint "$base/api/uploads" --file "$T/big.bin" --stop-at 0.4 --url-file "$T/url" \
  >"$T/first.json" &
node_pid=$!
for _ in $(seq 1 600); do [[ -s "$T/url" ]] && break; sleep 0.05; done
[[ -s "$T/url" ]] || fail "the upload never reached 40%: $(cat "$T/first.json")"
kill -9 "$server_pid"  # at once: the rest of the one PATCH must not get through first
wait "$server_pid" 2>/dev/null || true
server_pid=
code=0
wait "$node_pid" || code=$?
[[ $code -eq 3 ]] || fail "the client did not see the cut (exit $code): $(cat "$T/first.json")"
pass "server killed mid-PATCH; the client saw the connection cut"

start_server
url=$(cat "$T/url")
out=$(upload --resume "$url" --file "$T/big.bin") || fail "resume failed: $out"
start=$(json_field "$out" start_offset)
[[ $start -gt 0 && $start -lt $((big_mib * 1024 * 1024)) ]] ||
  fail "the resumed upload did not start from a stored offset: $out"
[[ $(json_field "$out" match) == True ]] || fail "resumed upload digest mismatch: $out"
pass "same upload URL resumed from offset $start of $((big_mib * 1024 * 1024)) after a restart"
cat "$T/serve.out" "$T/serve.err" | grep -q "re-reading" || fail "completion did not re-hash after the restart"
pass "completion re-read the part file (digests kept in memory were lost with the process)"

stop_server
[[ -z $(find "$S/uploads" -name '*.part') ]] || fail "part files were left behind"
expect_exit 0 "the store verifies after the uploads" -- "$FR" --store "$S" verify
finish
