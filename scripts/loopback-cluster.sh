#!/usr/bin/env bash
# Measures a real cluster on loopback: N agents (default 5) in separate processes on the LAN
# profile, for each transport given (default: udp+tcp and tcp). Prints one JSON line per run:
# milliseconds from the last node's start (its JVM up and bound) until every node sees every other
# join, and from a kill -9
# until every survivor marks the victim DEAD. The seed (p0) starts first and the others once it is
# up, so no join waits out a retry's backoff because its seed's JVM was slower to start.
#   scripts/loopback-cluster.sh [N] [TRANSPORT...]
#
# Environment:
#   TRAFFIC     what the agents send, one run of each per repetition: plain (no secret, the default),
#               signed (--secret-file, a secret from chorus keygen), sealed (the same and --encrypt);
#               e.g. TRAFFIC='signed sealed'
#   REPEAT      repetitions (default 1); each runs every traffic once, in turn, starting with the
#               first one listed on odd repetitions and the last on even ones, so a drift of the
#               machine's load weighs on each alike. With more than one run per traffic, the last
#               lines give each its median (JSON with "median": true)
#   SETTLE_S    seconds the converged cluster runs before the kill (default 0: at once, while the JVMs
#               are still compiling their hot paths); the detection of a cluster that has been up a while
#   LAUNCHER  the command that runs chorus (default: the checkout's launcher, which builds first),
#               e.g. 'java -p agent/target/chorus-agent-0.1.0-SNAPSHOT.jar:agent/target/lib -m io.chorus.agent/io.chorus.agent.Main'
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-5}"
shift || true
transports=("$@")
[[ ${#transports[@]} -gt 0 ]] || transports=(udp+tcp tcp)
read -r -a traffics <<<"${TRAFFIC:-plain}"
repeat="${REPEAT:-1}"
settle="${SETTLE_S:-0}"
for t in "${traffics[@]}"; do
    case "$t" in
        plain | signed | sealed) ;;
        *) echo "loopback-cluster: TRAFFIC '$t': plain, signed or sealed" >&2; exit 2 ;;
    esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "loopback-cluster: REPEAT '$repeat': a whole number from 1" >&2; exit 2; }
[[ "$settle" =~ ^[0-9]+$ ]] || { echo "loopback-cluster: SETTLE_S '$settle': a whole number of seconds from 0" >&2; exit 2; }
chorus=("$root/chorus")
if [[ -n "${LAUNCHER:-}" ]]; then
    read -r -a chorus <<<"$LAUNCHER"
fi
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf -- "$work"
}
trap cleanup EXIT INT TERM
"${chorus[@]}" help >/dev/null   # build first (the launcher does), outside the measurement
(umask 077; "${chorus[@]}" keygen >"$work/secret")
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
        if [[ $(now_ms) -ge $deadline ]]; then
            echo "timed out waiting for '$pattern' in $f, which ends:" >&2
            tail -n 5 -- "$f" >&2
            return 1
        fi
        sleep 0.02
    done
}
# prints the median of the numbers given
median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
port0=$(( 20000 + RANDOM % 20000 ))
# one cluster: start, converge, kill the last node, detect; prints its JSON line and keeps the figures
declare -A conv det
one() {
    local t="$1" traffic="$2" i port args
    pids=()
    logs=()
    for ((i = 0; i < n; i++)); do
        port=$((port0 + i))
        args=(agent --name "p$i" --bind "127.0.0.1:$port" --profile lan --transport "$t")
        [[ $i -gt 0 ]] && args+=(--seed "127.0.0.1:$port0")
        [[ "$traffic" != plain ]] && args+=(--secret-file "$work/secret")
        [[ "$traffic" == sealed ]] && args+=(--encrypt)
        "${chorus[@]}" "${args[@]}" >"$work/p$i.log" 2>&1 &
        pids+=($!)
        disown
        logs+=("$work/p$i.log")
        [[ $i -eq 0 ]] && wait_for "^started " 1 "$work/p0.log"
    done
    wait_for "^started " 1 "${logs[@]}"   # every JVM is up and bound
    started=$(now_ms)
    wait_for "^joined " $((n - 1)) "${logs[@]}"
    converged=$(( $(now_ms) - started ))
    sleep "$settle"   # the cluster runs on; not a synchronization: the measurement starts at the kill
    victim=$((n - 1))
    kill -9 "${pids[$victim]}"
    killed=$(now_ms)
    wait_for "^failed p$victim@" 1 "${logs[@]:0:$victim}"
    detected=$(( $(now_ms) - killed ))
    reason="$(grep -h "^failed p$victim@" "${logs[0]}" | head -1 | awk '{print $NF}')"
    printf '{"transport":"%s","traffic":"%s","nodes":%d,"settle_s":%d,"convergence_ms":%d,"detection_all_ms":%d,"reason":"%s"}\n' \
        "$t" "$traffic" "$n" "$settle" "$converged" "$detected" "$reason"
    conv["$t/$traffic"]+="$converged "
    det["$t/$traffic"]+="$detected "
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    port0=$((port0 + n + 10))
}
for ((r = 1; r <= repeat; r++)); do
    order=("${traffics[@]}")
    if ((r % 2 == 0)); then
        order=()
        for ((k = ${#traffics[@]} - 1; k >= 0; k--)); do order+=("${traffics[$k]}"); done
    fi
    for t in "${transports[@]}"; do
        for traffic in "${order[@]}"; do
            one "$t" "$traffic"
        done
    done
done
if ((repeat > 1)); then
    for t in "${transports[@]}"; do
        for traffic in "${traffics[@]}"; do
            read -r -a c <<<"${conv[$t/$traffic]}"
            read -r -a d <<<"${det[$t/$traffic]}"
            printf '{"median":true,"transport":"%s","traffic":"%s","nodes":%d,"settle_s":%d,"runs":%d,"convergence_ms":%s,"detection_all_ms":%s}\n' \
                "$t" "$traffic" "$n" "$settle" "$repeat" "$(median "${c[@]}")" "$(median "${d[@]}")"
        done
    done
fi
