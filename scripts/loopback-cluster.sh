#!/usr/bin/env bash
# Measures a real cluster on loopback: N agents (default 5) in separate processes on the LAN
# profile, for each transport given (default: udp+tcp and tcp). Prints one JSON line per transport:
# milliseconds from the last node's start (its JVM up and bound) until every node sees every other
# join, and from a kill -9
# until every survivor marks the victim DEAD.
#   scripts/loopback-cluster.sh [N] [TRANSPORT...]
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-5}"
shift || true
transports=("$@")
[[ ${#transports[@]} -gt 0 ]] || transports=(udp+tcp tcp)
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf -- "$work"
}
trap cleanup EXIT INT TERM
"$root/chorus" help >/dev/null   # build first, outside the measurement
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# waits (at most 120 s) until every listed log holds at least COUNT lines matching PATTERN
wait_for() {
    local pattern="$1" count="$2"; shift 2
    local deadline=$(( $(now_ms) + 120000 )) f ok
    while :; do
        ok=1
        for f in "$@"; do
            [[ $(grep -c -- "$pattern" "$f" 2>/dev/null || true) -ge $count ]] || { ok=0; break; }
        done
        [[ $ok -eq 1 ]] && return 0
        [[ $(now_ms) -lt $deadline ]] || { echo "timed out waiting for '$pattern'" >&2; return 1; }
        sleep 0.02
    done
}
port0=$(( 20000 + RANDOM % 20000 ))
for t in "${transports[@]}"; do
    pids=()
    logs=()
    for ((i = 0; i < n; i++)); do
        port=$((port0 + i))
        args=(agent --name "p$i" --bind "127.0.0.1:$port" --profile lan --transport "$t")
        [[ $i -gt 0 ]] && args+=(--seed "127.0.0.1:$port0")
        "$root/chorus" "${args[@]}" >"$work/p$i.log" 2>&1 &
        pids+=($!)
        disown
        logs+=("$work/p$i.log")
    done
    wait_for "^started " 1 "${logs[@]}"   # every JVM is up and bound
    started=$(now_ms)
    wait_for "^joined " $((n - 1)) "${logs[@]}"
    converged=$(( $(now_ms) - started ))
    victim=$((n - 1))
    kill -9 "${pids[$victim]}"
    killed=$(now_ms)
    wait_for "^failed p$victim@" 1 "${logs[@]:0:$victim}"
    detected=$(( $(now_ms) - killed ))
    reason="$(grep -h "^failed p$victim@" "${logs[0]}" | head -1 | awk '{print $NF}')"
    printf '{"transport":"%s","nodes":%d,"convergence_ms":%d,"detection_all_ms":%d,"reason":"%s"}\n' \
        "$t" "$n" "$converged" "$detected" "$reason"
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    port0=$((port0 + n + 10))
done
