package io.chorus.micrometer;

import io.chorus.api.Cluster;
import io.chorus.api.ClusterStats;
import io.chorus.api.Stability;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link Cluster}'s counters ({@link ClusterStats}) to a Micrometer {@link MeterRegistry}.
 * Names and tags follow Micrometer's conventions: dotted lower-case names, tags for dimensions
 * ({@code chorus.members} with a {@code state} tag), base units (seconds, bytes); the registry adds
 * its own suffixes ({@code _total}, {@code _seconds}, {@code _bytes} in Prometheus). Every meter carries
 * the tag {@code node} (the local node's name) and the tags given here.
 *
 * <p>Each meter observes the cluster itself, which Micrometer holds weakly, as it holds every
 * observed object: the meters read as long as the application holds the cluster, so a binder made,
 * bound and dropped keeps working. Meters read the counters through one copy of {@link Cluster#stats()} at most {@link #DEFAULT_MAX_AGE}
 * old, so that a scrape of every meter asks the protocol loop once, not once a meter. Bind a started
 * cluster (the node's name is read at bind time). The meters, their units and what to alert on are in
 * the README ("Watching a cluster"); {@link #METER_NAMES} lists every name.
 *
 * <pre>{@code
 * Cluster cluster = Chorus.create(config).start();
 * new ChorusMetrics(cluster).bindTo(registry);
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ChorusMetrics implements MeterBinder {
    /** How old a copy of the counters may be before a meter asks the cluster again. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    /** The quantiles of the round-trip and request latencies, as the {@code phi} tag of their {@code .percentile} gauges. */
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** Every meter name this binder registers (some several times, with different tags). */
    public static final List<String> METER_NAMES = List.of(
            "chorus.members", "chorus.health.score", "chorus.gossip.queued", "chorus.ring.epoch",
            "chorus.probes", "chorus.probes.failed", "chorus.probes.indirect",
            "chorus.probe.rtt", "chorus.probe.rtt.percentile", "chorus.probe.rtt.max",
            "chorus.suspicions", "chorus.suspicions.refuted", "chorus.refutations", "chorus.deaths", "chorus.leaves",
            "chorus.messages.received", "chorus.messages.sent", "chorus.network.received", "chorus.network.sent",
            "chorus.messages.rejected", "chorus.messages.dropped", "chorus.messages.unknown", "chorus.user.refused",
            "chorus.user.events", "chorus.requests", "chorus.requests.failed", "chorus.requests.percentile",
            "chorus.requests.max");

    private final Cluster cluster;
    private final Iterable<Tag> tags;
    private final long maxAgeNanos;
    private volatile ClusterStats last;
    private volatile long lastAt;

    /** @param cluster a started cluster */
    public ChorusMetrics(Cluster cluster) {
        this(cluster, Tags.empty(), DEFAULT_MAX_AGE);
    }

    /**
     * @param cluster a started cluster
     * @param tags tags for every meter, besides {@code node}
     * @param maxAge how old a copy of the counters may be; zero asks the cluster for every meter read
     */
    public ChorusMetrics(Cluster cluster, Iterable<Tag> tags, Duration maxAge) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.tags = Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge " + maxAge + ": must not be negative");
        }
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** @return the cluster's counters, at most the max age old */
    private ClusterStats stats() {
        long now = System.nanoTime();
        ClusterStats s = last;
        if (s == null || now - lastAt >= maxAgeNanos) {
            s = cluster.stats();
            last = s;
            lastAt = now;
        }
        return s;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags base = Tags.of(tags).and("node", cluster.localId().name());
        new Binding(registry, base).bind();
    }

    /** One registry's meters: each reads a counter of the latest {@link ClusterStats}. */
    private final class Binding {
        private final MeterRegistry registry;
        private final Tags base;

        Binding(MeterRegistry registry, Tags base) {
            this.registry = registry;
            this.base = base;
        }

        void bind() {
            members();
            gauge("chorus.health.score", "Lifeguard's local health score: 0 is healthy; higher stretches this node's timeouts",
                    null, Tags.empty(), ClusterStats::healthScore);
            gauge("chorus.gossip.queued", "membership updates waiting in the gossip queue", null, Tags.empty(),
                    ClusterStats::gossipQueued);
            Gauge.builder("chorus.ring.epoch", cluster, c -> ringEpoch())
                    .description("the version of the consistent-hash ring: higher after every rebuild; NaN with no ring")
                    .tags(base).register(registry);
            probes();
            membership();
            traffic();
            user();
        }

        private void members() {
            String d = "members in this node's view, by state (the local node included)";
            gauge("chorus.members", d, null, Tags.of("state", "alive"), ClusterStats::alive);
            gauge("chorus.members", d, null, Tags.of("state", "suspect"), ClusterStats::suspect);
            gauge("chorus.members", d, null, Tags.of("state", "dead"), ClusterStats::dead);
            gauge("chorus.members", d, null, Tags.of("state", "left"), ClusterStats::left);
        }

        private void probes() {
            counter("chorus.probes", "probes sent", null, Tags.empty(), ClusterStats::probes);
            counter("chorus.probes.failed", "probe rounds that got no ack, direct or indirect", null, Tags.empty(),
                    ClusterStats::probeFailures);
            counter("chorus.probes.indirect", "probe rounds that asked other members to probe (ping-req)", null,
                    Tags.empty(), ClusterStats::indirectProbes);
            latency("chorus.probe.rtt", "round-trip time of a direct probe: ping sent to the target's ack",
                    ClusterStats::probeRttCount, ClusterStats::probeRttSumMicros, ClusterStats::probeRttMaxMicros,
                    ClusterStats::probeRttP50Micros, ClusterStats::probeRttP90Micros, ClusterStats::probeRttP99Micros);
        }

        private void membership() {
            counter("chorus.suspicions", "members this node suspected after a failed probe", null, Tags.empty(),
                    ClusterStats::suspicions);
            counter("chorus.suspicions.refuted", "members held SUSPECT that came back ALIVE: false suspicions", null,
                    Tags.empty(), ClusterStats::suspicionsRefuted);
            counter("chorus.refutations", "suspicions of this node that it refuted", null, Tags.empty(),
                    ClusterStats::refutations);
            counter("chorus.deaths", "other members that became DEAD in this node's view", null, Tags.empty(),
                    ClusterStats::deaths);
            counter("chorus.leaves", "other members that left gracefully (LEFT) in this node's view", null, Tags.empty(),
                    ClusterStats::leaves);
        }

        private void traffic() {
            String in = "packets and frames received, by kind (membership packets, membership frames, user messages)";
            String out = "packets and frames sent, by kind (membership packets, membership frames, user messages)";
            counter("chorus.messages.received", in, null, Tags.of("kind", "packet"), s -> s.messagesIn() - s.framesIn());
            counter("chorus.messages.received", in, null, Tags.of("kind", "frame"), ClusterStats::framesIn);
            counter("chorus.messages.received", in, null, Tags.of("kind", "user"), ClusterStats::userMessagesIn);
            counter("chorus.messages.sent", out, null, Tags.of("kind", "packet"), s -> s.messagesOut() - s.framesOut());
            counter("chorus.messages.sent", out, null, Tags.of("kind", "frame"), ClusterStats::framesOut);
            counter("chorus.messages.sent", out, null, Tags.of("kind", "user"), ClusterStats::userMessagesOut);
            String bin = "membership bytes received, by kind";
            String bout = "membership bytes sent, by kind";
            counter("chorus.network.received", bin, "bytes", Tags.of("kind", "packet"), s -> s.bytesIn() - s.frameBytesIn());
            counter("chorus.network.received", bin, "bytes", Tags.of("kind", "frame"), ClusterStats::frameBytesIn);
            counter("chorus.network.sent", bout, "bytes", Tags.of("kind", "packet"), s -> s.bytesOut() - s.frameBytesOut());
            counter("chorus.network.sent", bout, "bytes", Tags.of("kind", "frame"), ClusterStats::frameBytesOut);
            String rejected = "input refused by its signature, by cause";
            counter("chorus.messages.rejected", rejected, null, Tags.of("cause", "missing-tag"),
                    ClusterStats::rejectedMissingTag);
            counter("chorus.messages.rejected", rejected, null, Tags.of("cause", "bad-tag"), ClusterStats::rejectedBadTag);
            counter("chorus.messages.rejected", rejected, null, Tags.of("cause", "unknown-key"),
                    ClusterStats::rejectedUnknownKey);
            counter("chorus.messages.rejected", rejected, null, Tags.of("cause", "replay"), ClusterStats::rejectedReplay);
            counter("chorus.messages.dropped", "input dropped as malformed, truncated, oversized or of a foreign version",
                    null, Tags.empty(), ClusterStats::dropped);
            counter("chorus.messages.unknown", "protocol messages of an unknown type, skipped (a newer peer)", null,
                    Tags.empty(), ClusterStats::unknownMessages);
        }

        private void user() {
            counter("chorus.user.events", "user events delivered to this node's listeners", null, Tags.empty(),
                    ClusterStats::userEvents);
            counter("chorus.user.refused", "user messages refused for lack of room, or for a topic with no handler", null,
                    Tags.empty(), ClusterStats::userRejected);
            counter("chorus.requests.failed", "requests that failed: no reply in time, the member gone, refused, "
                    + "or its handler failed", null, Tags.empty(), ClusterStats::requestFailures);
            latency("chorus.requests", "requests this node sent, from sent to ended (answered or failed)",
                    ClusterStats::requests, ClusterStats::requestLatencySumMicros, ClusterStats::requestLatencyMaxMicros,
                    ClusterStats::requestLatencyP50Micros, ClusterStats::requestLatencyP90Micros,
                    ClusterStats::requestLatencyP99Micros);
        }

        /**
         * A latency: a function timer (count and total since start), its {@code .max} and its
         * {@code .percentile} gauges tagged {@code phi}, over the last one to two minutes.
         */
        @SafeVarargs
        private void latency(String name, String description, ToLongFunction<ClusterStats> count,
                ToLongFunction<ClusterStats> sumMicros, ToLongFunction<ClusterStats> maxMicros,
                ToLongFunction<ClusterStats>... percentiles) {
            FunctionTimer.builder(name, cluster, c -> count.applyAsLong(stats()), c -> sumMicros.applyAsLong(stats()),
                            TimeUnit.MICROSECONDS)
                    .description(description).tags(base).register(registry);
            TimeGauge.builder(name + ".max", cluster, TimeUnit.MICROSECONDS, c -> maxMicros.applyAsLong(stats()))
                    .description(description + ": the largest over the last one to two minutes")
                    .tags(base).register(registry);
            for (int i = 0; i < percentiles.length; i++) {
                ToLongFunction<ClusterStats> p = percentiles[i];
                TimeGauge.builder(name + ".percentile", cluster, TimeUnit.MICROSECONDS, c -> p.applyAsLong(stats()))
                        .description(description + ": percentiles over the last one to two minutes")
                        .tags(base).tag("phi", Double.toString(QUANTILES[i])).register(registry);
            }
        }

        private void gauge(String name, String description, String unit, Tags extra, ToDoubleFunction<ClusterStats> f) {
            Gauge.builder(name, cluster, c -> f.applyAsDouble(stats()))
                    .description(description).baseUnit(unit).tags(base).tags(extra).register(registry);
        }

        private void counter(String name, String description, String unit, Tags extra, ToLongFunction<ClusterStats> f) {
            FunctionCounter.builder(name, cluster, c -> f.applyAsLong(stats()))
                    .description(description).baseUnit(unit).tags(base).tags(extra).register(registry);
        }
    }

    /** @return the ring's epoch, or NaN when the cluster has no ring (no hashing module) or has stopped */
    private double ringEpoch() {
        try {
            return cluster.ring().epoch();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
