#!/usr/bin/env bash
# Takes the README's screenshot of the live view (docs/live-view.png) from a real demo cluster:
# starts `./chorus demo --ui --nodes 5`, opens the first agent's view in headless Chromium through
# the system's chromedriver (the browser the tests use, spoken to over WebDriver with curl), kills
# node-5 and waits until the page shows it DEAD, looks a key up, and saves the page as a PNG.
#
#   scripts/live-view-screenshot.sh [OUT.png]          # default docs/live-view.png
#   LAUNCHER='java -p agent/target/chorus-agent-0.1.0-SNAPSHOT.jar:agent/target/lib -m io.chorus.agent/io.chorus.agent.Main' \
#       scripts/live-view-screenshot.sh                 # run a build you made, instead of ./chorus
#
# Needs chromium and chromedriver (apt-get install -y chromium chromium-driver), curl, jq, base64 and python3.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="${1:-$root/docs/live-view.png}"
read -r -a chorus <<<"${LAUNCHER:-$root/chorus}"
browser="${CHROMIUM:-$(command -v chromium || true)}"
driver="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
for tool in curl jq base64 python3; do
    command -v "$tool" >/dev/null || { echo "live-view-screenshot: $tool is not on PATH" >&2; exit 1; }
done
[[ -x "$browser" && -x "$driver" ]] || { echo "live-view-screenshot: needs chromium and chromedriver (apt-get install -y chromium chromium-driver)" >&2; exit 1; }

work="$(mktemp -d)"
demo_pid=""
driver_pid=""
cleanup() {
    [[ -n "$driver_pid" ]] && kill "$driver_pid" 2>/dev/null || true
    if [[ -n "$demo_pid" ]]; then
        kill "$demo_pid" 2>/dev/null || true   # SIGTERM: the demo stops its agents
        wait "$demo_pid" 2>/dev/null || true
    fi
    rm -rf -- "$work"
}
trap cleanup EXIT

# waits (at most 90 s) until the command succeeds
wait_until() {
    local what="$1" i
    shift
    for ((i = 0; i < 900; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    echo "live-view-screenshot: timed out waiting for $what" >&2
    for log in "$work/demo.log" "$work/driver.log"; do
        [[ -f "$log" ]] && tail -n 20 "$log" >&2
    done
    exit 1
}

mkfifo "$work/commands"
"${chorus[@]}" demo --ui --nodes 5 <"$work/commands" >"$work/demo.log" 2>&1 &
demo_pid=$!
exec 3>"$work/commands"   # the demo's standard input, kept open
wait_until "the demo's live view" grep -q "the live view:" "$work/demo.log"
url="$(sed -n 's/^ *the live view: *\(http[^ ]*\).*/\1/p' "$work/demo.log" | head -n 1)"
echo "live-view-screenshot: the view is at $url"

# a port the kernel says is free now
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$driver" --port="$port" >"$work/driver.log" 2>&1 &
driver_pid=$!
wd="http://127.0.0.1:$port"
wait_until "chromedriver" curl -sf "$wd/status" -o /dev/null
session="$(curl -sf "$wd/session" -H 'Content-Type: application/json' -d "$(jq -n --arg bin "$browser" '{capabilities: {alwaysMatch: {
    browserName: "chrome", "goog:chromeOptions": {binary: $bin, args: ["--headless=new", "--no-sandbox", "--disable-gpu",
    "--disable-dev-shm-usage", "--window-size=1280,960", "--hide-scrollbars", "--lang=en-US"]}}}}')" | jq -r '.value.sessionId')"
[[ -n "$session" && "$session" != null ]] || { echo "live-view-screenshot: chromium did not start" >&2; exit 1; }
s="$wd/session/$session"

# runs a script in the page and prints its value
page() {
    curl -sf "$s/execute/sync" -H 'Content-Type: application/json' -d "$(jq -n --arg js "$1" '{script: $js, args: []}')" \
        | jq -r '.value'
}
shows() { [[ "$(page "$1")" == true ]]; }

curl -sf "$s/url" -H 'Content-Type: application/json' -d "$(jq -n --arg u "$url" '{url: $u}')" -o /dev/null
wait_until "five members ALIVE on the page" shows "return document.querySelectorAll('#members td.state').length === 5
    && [...document.querySelectorAll('#members td.state')].every(c => c.textContent === 'ALIVE')"

echo "kill node-5" >&3
wait_until "node-5 DEAD on the page" shows "return [...document.querySelectorAll('#members tr')]
    .some(r => r.dataset.id && r.dataset.id.startsWith('node-5@') && r.querySelector('td.state').textContent === 'DEAD')"
wait_until "the wheel without node-5" shows "return document.getElementById('wheel-count').textContent === '4 members'"

page "document.getElementById('key').value = 'user:1001'; document.querySelector('#lookup button').click(); return true" >/dev/null
wait_until "the owners of user:1001" shows "return document.querySelectorAll('#owners li').length === 2"
page "document.activeElement.blur(); return true" >/dev/null

mkdir -p -- "$(dirname -- "$out")"
curl -sf "$s/screenshot" | jq -r '.value' | base64 -d >"$out"
curl -sf -X DELETE "$s" -o /dev/null || true
echo "quit" >&3
wait "$demo_pid" || true
demo_pid=""
echo "live-view-screenshot: wrote $out"
