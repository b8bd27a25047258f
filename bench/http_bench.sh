#!/usr/bin/env bash
# HTTP benchmark: wrk (2 threads, 32 connections, 10 s) against an authenticated JSON route of a
# real `fullrecord serve` — GET /api/cases/{id}, the detail of a demo case on a fresh store, with
# a session cookie — and, in the same run, against nginx serving a static file of the same size
# on another loopback port. Prints requests/s of both and their ratio: this machine is shared and
# noisy, so only the ratio means much.
# Usage: bench/http_bench.sh [build-dir]     (needs wrk, nginx and curl: scripts/install-deps)
#   BENCH_HTTP_SECONDS   duration of each wrk run (default 10)
set -euo pipefail
build=${1:-build}
fr="$build/bin/fullrecord"
secs=${BENCH_HTTP_SECONDS:-10}
work=$(mktemp -d /tmp/fullrecord-http-bench.XXXXXX)
server_pid=""
nginx_pid=""

cleanup() {
  for pid in $server_pid $nginx_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
  command -v "$tool" >/dev/null || { echo "http_bench: $tool is missing (scripts/install-deps)" >&2; exit 2; }
done

# A loopback port nobody listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# Waits up to 10 s for $1 to answer 200.
wait_up() {
  for _ in $(seq 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$1" || true) == 200 ]] && return 0
    sleep 0.1
  done
  echo "http_bench: nothing answers at $1" >&2
  return 1
}

fr_port=$(free_port)
base="http://127.0.0.1:$fr_port"
csrf=""
cookie=""

# POST/PUT JSON with the session; prints the body, fails on a status >= 400.
call() {
  local method=$1 path=$2 body=$3 out status
  out=$(curl -s -X "$method" -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -d "$body" "$base$path")
  status=${out##*$'\n'}
  if ((status >= 400)); then
    echo "http_bench: $method $path answered $status: ${out%$'\n'*}" >&2
    return 1
  fi
  echo "${out%$'\n'*}"
}

# Signs in as $1 with password $2: sets cookie and csrf.
login() {
  local body
  body=$(curl -s -D "$work/headers" -H 'Content-Type: application/json' \
    -d "{\"person\":\"$1\",\"password\":\"$2\"}" "$base/api/auth/login")
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(fr_session=[^;]*\).*/\1/p' "$work/headers" | tr -d '\r')
  csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' <<<"$body")
  [[ -n $cookie && -n $csrf ]] || { echo "http_bench: login of $1 failed: $body" >&2; return 1; }
}

officer_pw="Bench#2026-changed"

# A bureau with one section, two certified officers and one case, all through the API.
set_up_case() {
  local first="$1" pw="Bench#2026-record" pw2="$officer_pw"
  login secadmin "$first"
  call POST /api/auth/password "{\"old_password\":\"$first\",\"new_password\":\"$pw\"}" >/dev/null
  call POST /api/sections '{"code":"s1","name":"执法一科"}' >/dev/null
  for who in officer1 officer2; do
    call POST /api/people "{\"id\":\"$who\",\"name\":\"执法员 $who\",\"section\":\"s1\",\
\"cert_no\":\"CERT-$who\",\"cert_valid_until\":\"2099-12-31\"}" >/dev/null
    call POST "/api/people/$who/roles" '{"role":"officer"}' >/dev/null
    call POST "/api/accounts/$who/password" "{\"password\":\"$pw\"}" >/dev/null
  done
  login officer1 "$pw"
  call POST /api/auth/password "{\"old_password\":\"$pw\",\"new_password\":\"$pw2\"}" >/dev/null
  call POST /api/cases '{"number":"教罚〔2026〕1号","title":"某培训学校无证办学案",
    "kind":"penalty","section":"s1","officers":["officer2"],
    "parties":[{"name":"某培训学校","type":"organisation"}]}' |
    sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

# requests/s of wrk against $1 with extra arguments.
wrk_rate() {
  local url=$1
  shift
  wrk -t2 -c32 -d"${secs}s" "$@" "$url" >"$work/wrk.txt"
  if grep -q 'Non-2xx' "$work/wrk.txt"; then
    echo "http_bench: errors from $url:" >&2
    cat "$work/wrk.txt" >&2
    return 1
  fi
  awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt"
}

# fullrecord on a fresh store; the first start prints the security administrator's password.
"$fr" --store "$work/store" init >/dev/null
"$fr" --store "$work/store" serve --listen "127.0.0.1:$fr_port" >"$work/serve.log" 2>&1 &
server_pid=$!
wait_up "$base/healthz"
first_pw=$(sed -n 's/^    \([^ ]\{8,\}\)$/\1/p' "$work/serve.log" | head -1)
case_id=$(set_up_case "$first_pw")
login officer1 "$officer_pw"  # set_up_case ran in a subshell: sign in here for wrk's cookie
target="$base/api/cases/$case_id"
size=$(curl -s -H "Cookie: $cookie" "$target" | wc -c)

# nginx with the same number of bytes as a static file.
ng_port=$(free_port)
mkdir -p "$work/www" "$work/nginx"
head -c "$size" /dev/zero | tr '\0' 'x' >"$work/www/case.json"
# Run as root, nginx's workers drop to an unprivileged user, who must be able to read the file.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/case.json"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$ng_port;
    root $work/www;
    location / { default_type application/json; }
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
wait_up "http://127.0.0.1:$ng_port/case.json"

fr_rate=$(wrk_rate "$target" -H "Cookie: $cookie")
ng_rate=$(wrk_rate "http://127.0.0.1:$ng_port/case.json")
echo "-- http: GET /api/cases/{id} (signed in, ${size} bytes of JSON) vs nginx static file of the same size"
echo "   wrk -t2 -c32 -d${secs}s, both on loopback, same run"
echo "fullrecord serve:   ${fr_rate} requests/s"
echo "nginx static file:  ${ng_rate} requests/s"
awk -v a="$fr_rate" -v b="$ng_rate" 'BEGIN { printf "fullrecord / nginx: %.3f\n", a / b }'
