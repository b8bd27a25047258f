#!/usr/bin/env bash
# `fullrecord demo`: a new store filled with the demonstration bureau that `make run` shows. Every
# role gets an account whose printed password signs in over HTTP; a store that already holds data
# is refused and left as it was; the filled store verifies.
source "$(dirname "$0")/lib/common.bash"
S="$T/store"
fr() { "$FR" --store "$S" "$@"; }

fr init >/dev/null
expect_exit 0 "demo fills a new store" -- fr demo
cp "$T/stdout" "$T/demo.txt"

for role in 执法人员 科室档案员 科室负责人 法制审核人员 主要领导 系统管理员 安全管理员 安全审计员; do
  grep -q "	$role	" "$T/demo.txt" || fail "no demo account with role $role: $(cat "$T/demo.txt")"
done
pass "an account in every role, with its password printed"

fr --json case list --as he.jun >"$T/cases.json"
python3 - "$T/cases.json" <<'EOF' || fail "demo cases: $(head -c 400 "$T/cases.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
cases = doc["cases"] if isinstance(doc, dict) else doc
stages = {c["stage"] for c in cases}
assert len(cases) >= 4, len(cases)
assert len(stages) >= 4, stages
EOF
pass "cases at several stages, visible to the principal leader"

before=$(snapshot "$S")
expect_exit 2 "demo refuses a store that holds data" -- fr demo
expect_stderr "already holds data"
[[ "$(snapshot "$S")" == "$before" ]] || fail "a refused demo changed the store"
pass "the refused demo changed nothing"

expect_exit 0 "the demo store verifies" -- fr verify

# A printed password signs in over HTTP.
port=$((20000 + RANDOM % 20000))
fr serve --listen "127.0.0.1:$port" >"$T/serve.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.1
done
pw=$(awk -F'\t' '$1 == "  li.ming" { print $3 }' "$T/demo.txt")
[[ -n "$pw" ]] || fail "no password for li.ming in: $(cat "$T/demo.txt")"
status=$(curl -s -o "$T/login.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"person\":\"li.ming\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/auth/login")
[[ "$status" == 200 ]] || fail "login of li.ming answered $status: $(cat "$T/login.json")"
pass "a demo officer signs in with the printed password"
echo "1..$checks"
