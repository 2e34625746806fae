#!/usr/bin/env bash
# Builds the benchmarks jar, runs the whole JMH suite with a short profile (one fork, two warm-up
# and three measured iterations of one second), and writes docs/benchmarks.md: the machine, the
# JDK, the date, and one table per benchmark group with ratios to the baselines measured in the
# same run. About 12 minutes on 2 cores.
#
#   scripts/run-benchmarks.sh            # build, run, write docs/benchmarks.md
#   SKIP_BUILD=1 scripts/run-benchmarks.sh
#   BENCH_PROFILE='-f 1 -wi 1 -w 200ms -i 1 -r 200ms' scripts/run-benchmarks.sh   # a quick look, not for the record
#   ONLY='sealing' scripts/run-benchmarks.sh   # only these groups (names as below, space-separated); the page,
#                                              # with their sections only, goes to benchmarks/target/results/benchmarks.md
#                                              # and docs/benchmarks.md is left alone: paste the sections in by hand
#
# Needs JDK 17+, Maven 3.8+ (for the build) and python3 (to write the page). The raw JMH results
# stay in benchmarks/target/results/*.json.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$root/benchmarks/target/benchmarks.jar"
results="$root/benchmarks/target/results"
page="$root/docs/benchmarks.md"
only=" ${ONLY:-} "
if [[ -n "${ONLY:-}" ]]; then
    page="$results/benchmarks.md"
fi

for tool in java python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-benchmarks: $tool is not on PATH" >&2
        exit 1
    fi
done

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "run-benchmarks: building $jar" >&2
    # the reactor builds what the benchmarks need; nothing is installed into ~/.m2
    (cd -- "$root" && mvn -B -q package -pl benchmarks -am -DskipTests)
fi
if [[ ! -f "$jar" ]]; then
    echo "run-benchmarks: no $jar; build it with: mvn -B -q package -pl benchmarks -am -DskipTests" >&2
    exit 1
fi

rm -rf -- "$results"
mkdir -p -- "$results" "$root/docs"
read -r -a short <<<"${BENCH_PROFILE:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
short+=(-prof gc)
started=$(date +%s)

# name, then JMH arguments; with --own-profile first, the arguments replace the short profile
run() {
    local extra=("${short[@]}")
    if [[ "$1" == --own-profile ]]; then
        extra=()
        shift
    fi
    local name="$1"
    shift
    if [[ -n "${ONLY:-}" && "$only" != *" $name "* ]]; then
        return 0
    fi
    echo "run-benchmarks: $name ($(($(date +%s) - started)) s so far)" >&2
    local tries=0
    until java -jar "$jar" "$@" "${extra[@]}" -rf json -rff "$results/$name.json" >"$results/$name.log" 2>&1; do
        # JMH runs one instance per machine (/tmp/jmh.lock): wait for another run to end
        if grep -q 'Unable to acquire the JMH lock' "$results/$name.log" && ((tries++ < 60)); then
            echo "run-benchmarks: another JMH run holds the lock; waiting" >&2
            sleep 10
            continue
        fi
        echo "run-benchmarks: $name failed; the end of $results/$name.log:" >&2
        tail -n 30 -- "$results/$name.log" >&2
        exit 1
    done
}

# the ring lookups and both baselines in one run; the pre-hashed lookup does not depend on the hash
run ring-lookup 'RingLookupBenchmark\.(stringKey|treeMapMd5Ketama|guavaConsistentHash|hash16)$'
run ring-lookup-hashed 'RingLookupBenchmark\.hashedKey$' -p hash=xxhash64
run ring-rebuild 'RingRebuildBenchmark'
run codec 'CodecBenchmark'
run gossip-period 'GossipPeriodBenchmark'
run gossip-convergence 'GossipConvergenceBenchmark'
# one run per size: the virtual times depend only on the seed, and 10,000 nodes take a while
run --own-profile gossip-dissemination 'GossipDisseminationBenchmark' -f 1 -wi 0 -i 1
run signing 'SigningBenchmark'
# sealing, the plain JDK AES-GCM and HMAC signing side by side in one run
run sealing 'SealingBenchmark'
run transport 'TransportBenchmark'
# two real nodes on loopback, a pair per parameter set (3 benchmarks x 4 sets, about 2 minutes):
# their code paths (two nodes' transports, codecs, message threads) take longer to compile than a
# microbenchmark's, so four warm-up iterations, unless BENCH_PROFILE asks for a quick look
read -r -a messaging_profile <<<"${BENCH_PROFILE:--f 1 -wi 4 -w 1s -i 3 -r 1s}"
run --own-profile messaging 'MessagingBenchmark' "${messaging_profile[@]}" -prof gc
elapsed=$(($(date +%s) - started))

cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
export BENCH_MACHINE="${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') CPUs, ${memory:-unknown memory}, $(uname -sr)"
export BENCH_JDK="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vm.name/ { n = $2 } /java.runtime.version/ { v = $2 } END { print n " " v }')"
export BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
export BENCH_ELAPSED="$elapsed"
export BENCH_COMMIT="$(cd -- "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"

python3 - "$results" "$page" <<'PY'
import json, os, sys

results, page = sys.argv[1], sys.argv[2]
rows = []
for name in sorted(os.listdir(results)):
    if name.endswith(".json"):
        with open(os.path.join(results, name)) as f:
            rows.extend(json.load(f))

def method(r):
    return r["benchmark"].rsplit(".", 1)[1]

def cls(r):
    return r["benchmark"].rsplit(".", 2)[1]

def find(klass, meth, **params):
    for r in rows:
        if cls(r) == klass and method(r) == meth and all(r.get("params", {}).get(k) == v for k, v in params.items()):
            return r
    return None

def score(r):
    return r["primaryMetric"]["score"] if r else None

def alloc(r):
    if not r:
        return None
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return m["score"] if m else None

def ns(v):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"

def b(v):
    if v is None:
        return "–"
    return "0" if v < 1 else f"{v:,.0f}"

def ratio(base, v):
    if base is None or v is None or v == 0:
        return "–"
    return f"{base / v:.1f}×"

out = []
w = out.append
sections = []  # (where a section starts in out, the benchmark classes it shows)

def begin(*classes):
    sections.append((len(out), classes))
w("# Benchmarks")
w("")
w("Generated by `scripts/run-benchmarks.sh` (JMH, one fork, 2 warm-up and 3 measured iterations of 1 s, "
  "`-prof gc`); the raw results are in `benchmarks/target/results/`. The machine is shared and small, so "
  "absolute figures move from run to run: compare the ratios, which come from one run. B/op below 1 is "
  "shown as 0 (JMH's measurement floor).")
w("")
w("| | |")
w("|---|---|")
w(f"| machine | {os.environ['BENCH_MACHINE']} |")
w(f"| JDK | {os.environ['BENCH_JDK']} |")
w(f"| date | {os.environ['BENCH_DATE']} |")
w(f"| commit | {os.environ['BENCH_COMMIT']} |")
w(f"| suite run time | {int(os.environ['BENCH_ELAPSED']) // 60} min {int(os.environ['BENCH_ELAPSED']) % 60} s |")
w("")

# ---- ring lookups
begin("RingLookupBenchmark")
w("## Ring lookups (`RingLookupBenchmark`)")
w("")
w("The owner of a 16-character string key, hashing included, in ns/op, against two baselines from the same "
  "run: a `TreeMap<Long, String>` ketama ring over MD5 (160 points per member, a `MessageDigest` per lookup) "
  "and Guava's `Hashing.consistentHash` over the key hashed with the same chorus hash function, then a member "
  "from an array. *× TreeMap* and *× Guava* are how many times faster than the baseline the chorus ring is.")
w("")
w("| members | hash | strategy | ns/op | B/op | × TreeMap MD5 | × Guava |")
w("|---:|---|---|---:|---:|---:|---:|")
for members in ("10", "100", "1000"):
    tree = score(find("RingLookupBenchmark", "treeMapMd5Ketama", members=members))
    for hash_ in ("xxhash64", "murmur3", "md5"):
        guava = score(find("RingLookupBenchmark", "guavaConsistentHash", members=members, hash=hash_))
        for strategy in ("vnode", "maglev", "rendezvous"):
            r = find("RingLookupBenchmark", "stringKey", members=members, hash=hash_, strategy=strategy)
            if r:
                w(f"| {members} | {hash_} | {strategy} | {ns(score(r))} | {b(alloc(r))} | {ratio(tree, score(r))} | {ratio(guava, score(r))} |")
w("")
w("The baselines:")
w("")
w("| members | TreeMap MD5 ketama ns/op | B/op | Guava consistentHash + xxhash64 | + murmur3 | + md5 |")
w("|---:|---:|---:|---:|---:|---:|")
for members in ("10", "100", "1000"):
    t = find("RingLookupBenchmark", "treeMapMd5Ketama", members=members)
    g = [score(find("RingLookupBenchmark", "guavaConsistentHash", members=members, hash=h)) for h in ("xxhash64", "murmur3", "md5")]
    w(f"| {members} | {ns(score(t))} | {b(alloc(t))} | {ns(g[0])} | {ns(g[1])} | {ns(g[2])} |")
w("")
w("Hashing a 16-character key alone (`hash16`) and a lookup of a key already hashed with xxhash64 (`hashedKey`):")
w("")
w("| hash function | ns/op | B/op |")
w("|---|---:|---:|")
for hash_ in ("xxhash64", "murmur3", "md5"):
    r = find("RingLookupBenchmark", "hash16", hash=hash_)
    w(f"| {hash_} | {ns(score(r))} | {b(alloc(r))} |")
w("")
w("| members | strategy | pre-hashed ns/op | B/op |")
w("|---:|---|---:|---:|")
for members in ("10", "100", "1000"):
    for strategy in ("vnode", "maglev", "rendezvous"):
        r = find("RingLookupBenchmark", "hashedKey", members=members, strategy=strategy)
        if r:
            w(f"| {members} | {strategy} | {ns(score(r))} | {b(alloc(r))} |")
w("")

# ---- ring rebuild
begin("RingRebuildBenchmark")
w("## Ring rebuild (`RingRebuildBenchmark`)")
w("")
w("| strategy | members | ms/op |")
w("|---|---:|---:|")
for r in rows:
    if cls(r) == "RingRebuildBenchmark":
        p = r.get("params", {})
        unit = r["primaryMetric"]["scoreUnit"]
        v = score(r)
        v_ms = v / 1e6 if unit == "ns/op" else v / 1e3 if unit == "us/op" else v
        w(f"| {p.get('strategy', '')} | {p.get('members', '')} | {v_ms:.2f} |")
w("")

# ---- codec
begin("CodecBenchmark")
w("## Wire codec (`CodecBenchmark`)")
w("")
w("A full probe packet: a ping with alive, suspect and dead updates piggybacked up to the 1,400-byte UDP "
  "budget. A push-pull state: a SYNC of 1,000 members with tags.")
w("")
w("| benchmark | ns/op | B/op | per member |")
w("|---|---:|---:|---:|")
for meth in ("encodeProbePacket", "decodeProbePacket", "encodePushPullState", "decodePushPullState"):
    r = find("CodecBenchmark", meth)
    per = ns(score(r) / 1000) + " ns" if r and "PushPull" in meth else ""
    w(f"| {meth} | {ns(score(r))} | {b(alloc(r))} | {per} |")
w("")

# ---- gossip period
begin("GossipPeriodBenchmark")
w("## One protocol period (`GossipPeriodBenchmark`)")
w("")
w("One node's own work per probe period, on a loop turned by hand: `probePeriod` is the probe (choose the "
  "target, encode the ping with the pending updates piggybacked, handle the ack, which carries 24 alive "
  "updates that are news and get queued for gossip); `protocolPeriod` adds the gossip rounds due in one probe "
  "interval (LAN profile: 1 s, a round to 3 members every 200 ms). *recycle* is the node's loops, which "
  "recycle the timers of recurring tasks; without it every timer is a new object, as before. "
  "*% of a core* is the period's cost over the 1 s probe interval.")
w("")
w("| benchmark | members | recycle | ns/op | B/op | % of a core | time vs no recycling |")
w("|---|---:|---|---:|---:|---:|---:|")
for meth in ("probePeriod", "protocolPeriod"):
    for members in ("1000", "10000"):
        off = find("GossipPeriodBenchmark", meth, members=members, recycle="false")
        for rec in ("true", "false"):
            r = find("GossipPeriodBenchmark", meth, members=members, recycle=rec)
            if r:
                pct = f"{score(r) / 1e9 * 100:.4f} %"
                rel = f"{score(r) / score(off):.2f}" if off and rec == "true" else ""
                w(f"| {meth} | {members} | {rec} | {ns(score(r))} | {b(alloc(r))} | {pct} | {rel} |")
w("")

# ---- gossip convergence
begin("GossipConvergenceBenchmark")
w("## Gossip in the simulator (`GossipConvergenceBenchmark`)")
w("")
w("Wall time of one simulated join storm (every node joins through one seed) and 10 virtual seconds of gossip.")
w("")
w("| nodes | ms per run |")
w("|---:|---:|")
for r in rows:
    if cls(r) == "GossipConvergenceBenchmark":
        w(f"| {r.get('params', {}).get('nodes', '')} | {ns(score(r))} |")
w("")

# ---- gossip dissemination
begin("GossipDisseminationBenchmark")
w("## One update reaching every node (`GossipDisseminationBenchmark`)")
w("")
w("The simulator runs the real engine: n nodes join and converge, then one changes a tag. *Virtual ms* is how "
  "long the update took to reach every other node (the seed fixes it); *wall ms per virtual s* is what a "
  "simulated second cost this machine, join storm included.")
w("")
w("| nodes | virtual convergence ms | virtual ms to reach all | wall ms per virtual s |")
w("|---:|---:|---:|---:|")
import re as _re
try:
    with open(os.path.join(sys.argv[1], "gossip-dissemination.log")) as f:
        for line in f:
            m = _re.match(r"# nodes=(\d+) convergence_ms=(-?\d+) dissemination_ms=(-?\d+) wall_ms_per_virtual_s=([0-9.]+)", line)
            if m:
                reach = f"{int(m.group(3)):,}" if int(m.group(3)) >= 0 else "not all by the end of the 30 s run"
                w(f"| {int(m.group(1)):,} | {int(m.group(2)):,} | {reach} | {float(m.group(4)):,.0f} |")
except OSError:
    w("| (not run) | | | |")
w("")

# ---- signing
begin("SigningBenchmark")
w("## Signing (`SigningBenchmark`)")
w("")
w("HMAC-SHA256 with the `hmac` signer (36-byte trailer) against `javax.crypto.Mac` used twice, the baseline, "
  "in the same run.")
w("")
w("| benchmark | bytes | ns/op | B/op |")
w("|---|---:|---:|---:|")
for r in rows:
    if cls(r) == "SigningBenchmark":
        size = next(iter(r.get("params", {}).values()), "")
        w(f"| {method(r)} | {size} | {ns(score(r))} | {b(alloc(r))} |")
w("")

# ---- sealing
begin("SealingBenchmark")
w("## Sealing (`SealingBenchmark`)")
w("")
w("A packet of *bytes* on the wire sealed by one node and opened by another: the `aes-gcm` signer's sealer "
  "(AES-256-GCM on the JDK's `AES/GCM/NoPadding`, one cipher per thread, key and direction; header, replay "
  "window and copy into place included), against two baselines from the same run: a straightforward "
  "`AES/GCM/NoPadding` (an `init` per message each way, into the caller's buffers) and HMAC-SHA256 signing "
  "with the `hmac` signer (sign + verify). Calls are sampled (`Mode.SampleTime`): the median is what one costs, "
  "the mean also takes in the time slices other processes took on this shared machine. *vs JDK GCM* and "
  "*vs HMAC* are the median divided by the baseline's. "
  "Bytes added to a packet: 38 sealed (a 2-byte mark, a 20-byte header: key id, epoch, sequence, timestamp; "
  "a 16-byte tag), 36 signed; a cluster label adds 3 + its length to either.")
w("")
w("| benchmark | bytes | median ns/op | mean ns/op | B/op | vs JDK GCM | vs HMAC |")
w("|---|---:|---:|---:|---:|---:|---:|")

def median(r):
    if not r:
        return None
    v = r["primaryMetric"].get("scorePercentiles", {}).get("50.0")
    unit = r["primaryMetric"]["scoreUnit"]
    return None if v is None else v * 1e3 if unit == "us/op" else v

def times(base, v):
    if base is None or v is None or base == 0:
        return "–"
    return f"{v / base:.2f}"

for size in ("1400", "64"):
    jdk = median(find("SealingBenchmark", "jdkSealAndOpen", size=size))
    mac = median(find("SealingBenchmark", "hmacSignAndVerify", size=size))
    for meth in ("sealAndOpen", "seal", "jdkSealAndOpen", "hmacSignAndVerify"):
        r = find("SealingBenchmark", meth, size=size)
        if r:
            w(f"| {meth} | {size} | {ns(median(r))} | {ns(score(r))} | {b(alloc(r))} | {times(jdk, median(r))} "
              f"| {times(mac, median(r))} |")
w("")

# ---- messaging
begin("MessagingBenchmark")
w("## Requests between two nodes (`MessagingBenchmark`)")
w("")
w("Two real nodes in one JVM on loopback (UDP packets, TCP frames, the LAN profile); the server's handler "
  "echoes the payload. *p50* and *p99* are one request at a time, `request(...).get()`, sampled; "
  "*requests/s* keeps a window of 64 requests in flight; *sends/s* is 64 `send` calls then a wait until the "
  "server's handler has run for each. *B/request* is what both nodes allocated per request (they share the "
  "JVM), from the windowed run. *signed*: one shared secret, the `hmac` signer on every packet and frame. "
  "Four warm-up iterations here, not two: the two nodes' code takes longer to compile.")
w("")
w("| signed | payload bytes | p50 µs | p99 µs | p99.9 µs | requests/s | B/request | sends/s |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")

def us(r, pct):
    if not r:
        return None
    v = r["primaryMetric"].get("scorePercentiles", {}).get(pct)
    if v is None:
        return None
    unit = r["primaryMetric"]["scoreUnit"]
    return v / 1e3 if unit == "ns/op" else v * 1e3 if unit == "ms/op" else v

def per_s(r):
    if not r:
        return None
    unit = r["primaryMetric"]["scoreUnit"]
    v = score(r)
    return v * 1e3 if unit == "ops/ms" else v * 1e6 if unit == "ops/us" else v

def count(v):
    return "–" if v is None else f"{v:,.0f}"

for signed in ("false", "true"):
    for size in ("64", "1024"):
        p = dict(signed=signed, payloadBytes=size)
        lat = find("MessagingBenchmark", "requestLatency", **p)
        thr = find("MessagingBenchmark", "requestThroughput", **p)
        snd = find("MessagingBenchmark", "sendThroughput", **p)
        if lat or thr or snd:
            w(f"| {'yes' if signed == 'true' else 'no'} | {size} | {ns(us(lat, '50.0'))} | {ns(us(lat, '99.0'))} "
              f"| {ns(us(lat, '99.9'))} | {count(per_s(thr))} | {b(alloc(thr))} | {count(per_s(snd))} |")
w("")

# ---- transports
begin("UdpTransportBenchmark", "TcpTransportBenchmark")
w("## Transports on loopback (`UdpTransportBenchmark`, `TcpTransportBenchmark`)")
w("")
w("| benchmark | params | score | unit |")
w("|---|---|---:|---|")
for r in rows:
    if cls(r) in ("UdpTransportBenchmark", "TcpTransportBenchmark"):
        p = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        w(f"| {cls(r)}.{method(r)} | {p} | {ns(score(r))} | {r['primaryMetric']['scoreUnit']} |")
w("")
w("Reproduce: `scripts/run-benchmarks.sh`, or one group with, for example, "
  "`java -jar benchmarks/target/benchmarks.jar RingLookup -p members=1000 -p hash=xxhash64 -prof gc`.")

# a section whose benchmarks did not run (ONLY) is left out
present = {cls(r) for r in rows}
for start, classes in reversed(sections):
    end = min([s for s, _ in sections if s > start] + [len(out) - 1])
    if not present.intersection(classes):
        del out[start:end]

with open(page, "w") as f:
    f.write("\n".join(out) + "\n")
PY
echo "run-benchmarks: wrote $page in $((elapsed / 60)) min $((elapsed % 60)) s" >&2
