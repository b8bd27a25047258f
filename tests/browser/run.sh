#!/usr/bin/env bash
# The web UI in a real browser: a fresh store filled by `fullrecord demo`, the server on a free
# port serving web/dist, and the Playwright tests in this folder driving Debian's Chromium.
# Usage: tests/browser/run.sh [path/to/fullrecord [TEST_FILE...]]
# (all *.test.mjs here when no file is named; screenshots: $FR_SHOTS or build/browser-shots)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fr=$(realpath "${1:-${FR:-$root/build/bin/fullrecord}}")
chromium=${FR_CHROMIUM:-/usr/bin/chromium}
shots=${FR_SHOTS:-$(dirname "$(dirname "$fr")")/browser-shots}

# Under the sanitizer build the server is too slow for page timings; CTest maps 77 to "skipped".
if [[ -n "${FR_QUICK:-}" ]]; then echo "browser tests skipped under FR_QUICK"; exit 77; fi
if [[ ! -x "$chromium" ]]; then echo "browser tests skipped: no $chromium (apt-get install chromium)"; exit 77; fi

# npm packages and the built bundle, each only when missing.
if [[ ! -d "$root/web/node_modules/playwright-core" || ! -d "$root/web/node_modules/axe-core" ]]; then (cd "$root/web" && npm ci --no-audit --no-fund); fi
if [[ ! -f "$root/web/dist/index.html" ]]; then (cd "$root/web" && npx vite build); fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

store="$work/store"
"$fr" --store "$store" init > "$work/init.log"

# A free port: the kernel picks one for a listener that is closed at once.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"

# The demo bureau, its accounts read from what the command prints.
(cd "$work" && "$fr" --store "$store" demo) > "$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
node "$here/lib/demo_accounts.mjs" "$work/demo.log" "$work/accounts.json"

"$fr" --store "$store" serve --listen "127.0.0.1:$port" --web "$root/web/dist" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  if curl -fs "$base/healthz" > /dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fs "$base/healthz" > /dev/null || { echo "the server did not start:"; cat "$work/serve.log"; exit 1; }

mkdir -p "$shots"
export FR_BASE="$base" FR_ACCOUNTS="$work/accounts.json" FR_SHOTS="$shots" FR_WORK="$work"
export FR_CHROMIUM="$chromium"
if (($# > 1)); then tests=("${@:2}"); else tests=("$here"/*.test.mjs); fi
node --test --test-concurrency=1 "${tests[@]}"
echo "screenshots: $shots"
