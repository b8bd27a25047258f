# Helpers for scripts that drive `fullrecord serve` over HTTP with curl (api_tus.sh,
# bench/upload_bench.sh). The caller sets FR (the binary), S (the store), T (a scratch
# directory) and port, and defines fail().
base="http://127.0.0.1:$port"
server_pid=

# Starts the server on $port and waits until it answers /healthz.
start_server() {
  "$FR" --store "$S" serve --listen "127.0.0.1:$port" >>"$T/serve.out" 2>>"$T/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited: $(tail -5 "$T/serve.err")"
    sleep 0.1
  done
  fail "the server did not answer on $base"
}

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# POSTs JSON with the session kept in cookie jar $1; prints the reply.
post_json() {
  local jar=$1 path=$2 body=$3 csrf=${4:-}
  curl -s -b "$jar" -c "$jar" -H 'Content-Type: application/json' \
    ${csrf:+-H "X-CSRF-Token: $csrf"} -d "$body" "$base$path"
}

# Signs in; prints the CSRF token.
login() {
  post_json "$1" /api/auth/login "{\"person\":\"$2\",\"password\":\"$3\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])'
}

# On a new store: the console makes section s1 and officer li.ming; the server is started (its
# first start prints the security administrator's one-time password, which sets li.ming's).
# Leaves the officer signed in: $cookie ("fr_session=…") and $csrf.
officer_session() {
  "$FR" --store "$S" init >/dev/null
  "$FR" --store "$S" section add s1 执法一科 >/dev/null
  "$FR" --store "$S" person add li.ming --name 李明 --section s1 --cert-no ZF-0001 \
    --cert-valid-until 2030-12-31 >/dev/null
  "$FR" --store "$S" role grant li.ming officer >/dev/null
  start_server
  local pw token
  pw=$(grep -A4 '^First start' "$T/serve.out" | awk 'NF == 1 { print $1; exit }')
  [[ -n "$pw" ]] || fail "no one-time password on the server's stdout"
  token=$(login "$T/sec.jar" secadmin "$pw")
  post_json "$T/sec.jar" /api/auth/password \
    "{\"old_password\":\"$pw\",\"new_password\":\"Anquan#2026-admin\"}" "$token" >/dev/null
  token=$(login "$T/sec.jar" secadmin 'Anquan#2026-admin')
  post_json "$T/sec.jar" /api/accounts/li.ming/password '{"password":"Chushi#2026-li"}' \
    "$token" >/dev/null
  token=$(login "$T/li.jar" li.ming 'Chushi#2026-li')
  post_json "$T/li.jar" /api/auth/password \
    '{"old_password":"Chushi#2026-li","new_password":"Zhifa#2026-record"}' "$token" >/dev/null
  csrf=$(login "$T/li.jar" li.ming 'Zhifa#2026-record')
  cookie="fr_session=$(awk '$6 == "fr_session" { print $7 }' "$T/li.jar")"
  [[ ${#csrf} -gt 10 && ${#cookie} -gt 20 ]] || fail "the officer could not sign in"
}
