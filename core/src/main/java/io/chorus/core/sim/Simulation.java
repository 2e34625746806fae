package io.chorus.core.sim;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.EventSink;
import io.chorus.core.wire.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs one scenario: N nodes join through one seed (starting within the first 50 ms); once the
 * cluster has converged (or after 15 s) and 2 s more have passed, the faults strike at once:
 * kills, pauses and a partition; the run lasts the requested virtual duration (by default 60 s,
 * longer when the faults need it).
 */
public final class Simulation {
    private static final long MS = SimNetwork.MS;
    private static final long START_SPREAD_MS = 50;
    private static final long FAULT_DELAY_MS = 2_000;
    private static final long CONVERGE_LIMIT_MS = 15_000;

    private final SimulationConfig config;
    private final SimNetwork net;
    private final int[] aliveSeen;
    private final boolean[] converged;
    private int convergedCount;
    private int liveCount;
    private final boolean[] victim;
    private final int[] deadSeen;
    private int victimsDone;
    private long firstDeathAt = -1;
    private long allDeadAt = -1;
    private long falsePositiveDeaths;
    private long falseSuspicions;
    /** When the network fault (a partition or a one-way cut) began and ended. */
    private long partitionStart = -1;
    private long partitionEnd = Long.MAX_VALUE;
    /** The most bytes a node had sent when the cluster converged (or when convergence was given up). */
    private long maxBytesAtConvergence;
    /** The incarnation of node 0's tag update, once made; -1 before. */
    private long updateInc = -1;
    private final boolean[] updateSeen;
    private int updateSeenCount;
    private long updateAllAt = -1;
    /** What to record for a plot; null records nothing. */
    private final Timeline timeline;
    private long nextSample;

    private Simulation(SimulationConfig config, Timeline timeline) {
        this.config = config;
        this.timeline = timeline;
        long latency = (long) (config.latencyMs() * MS);
        this.net = new SimNetwork(config.seed(), config.loss(), latency);
        net.bandwidthBps = config.bandwidthMbps() * 1e6;
        net.cpuScale = config.cpuScale();
        net.latencyDistribution = config.latencyDistribution();
        int n = config.nodes();
        this.aliveSeen = new int[n];
        this.converged = new boolean[n];
        this.victim = new boolean[n];
        this.deadSeen = new int[n];
        updateSeen = new boolean[config.nodes()];
        this.liveCount = n;
    }

    /**
     * Runs a simulation.
     *
     * @param config what to simulate
     * @param progress receives a line of progress now and then (virtual time, convergence); may ignore it
     * @return the measurements
     */
    public static SimulationResult run(SimulationConfig config, Consumer<String> progress) {
        return new Simulation(config, null).execute(progress);
    }

    /**
     * Runs a simulation and records its timeline: the same run, the same result, as without one.
     *
     * @param config what to simulate
     * @param progress receives a line of progress now and then; may ignore it
     * @param timeline receives a sample every {@link Timeline#stepMs()} of virtual time, and the faults and heals
     * @return the measurements
     */
    public static SimulationResult run(SimulationConfig config, Consumer<String> progress, Timeline timeline) {
        timeline.begin(config.nodes());
        return new Simulation(config, timeline).execute(progress);
    }

    private SimulationResult execute(Consumer<String> progress) {
        long wallStart = System.nanoTime();
        int n = config.nodes();
        net.observer = timeline == null ? new Measure() : timeline.counting(new Measure());
        FailureDetectorProvider detectors = new SwimFailureDetectorProvider();
        for (int i = 0; i < n; i++) {
            String name = "n" + i;
            net.add(a -> ClusterConfig.builder(name).profile(config.profile()).bind(a.host(), a.port()).build(),
                    c -> detectors.create(ProviderContext.of(c)), EventSink.NONE, Engine.Snapshots.NONE);
        }
        SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        List<Address> seeds = List.of(net.nodes.get(0).address);
        long firstJoin = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            SimNode node = net.nodes.get(i);
            long at = i == 0 ? 0 : (long) (rnd.nextDouble() * START_SPREAD_MS * MS);
            if (i > 0) {
                firstJoin = Math.min(firstJoin, at);
            }
            SimEvent start = new SimEvent(node, () -> {
                node.engine.expectMembers(n);
                net.start(node);
                if (node.index > 0) {
                    node.engine.join(seeds, replies -> { });
                }
            });
            start.time(at);
            net.queue.add(start);
        }
        if (n == 1) {
            firstJoin = 0;
        }

        // phase 1: convergence
        boolean conv = runReporting(CONVERGE_LIMIT_MS * MS, true, progress);
        long convAt = net.now;
        for (SimNode node : net.nodes) {
            maxBytesAtConvergence = Math.max(maxBytesAtConvergence, node.bytesOut);
        }
        java.util.Optional<String> coordinator = conv ? agreedCoordinator() : java.util.Optional.empty();
        OptionalLong convergenceMs = conv ? OptionalLong.of(Math.max(0, (convAt - firstJoin) / MS)) : OptionalLong.empty();
        progress.accept(String.format(Locale.ROOT, "%d node%s %s at %.1f s virtual (%d ms wall); %s", n, n == 1 ? "" : "s",
                conv ? "converged" : "not converged", convAt / 1e9, (System.nanoTime() - wallStart) / 1_000_000, viewSummary()));

        // phase 2: faults
        long faultAt = (conv ? convAt : CONVERGE_LIMIT_MS * MS) + FAULT_DELAY_MS * MS;
        boolean faults = config.killedNodes() > 0 || config.pauseNodes() > 0 || config.partitionFraction() > 0
                || config.onewayFraction() > 0 || config.disseminate();
        long settle = config.disseminate() ? 30_000 : 0;
        if (config.killedNodes() > 0) {
            settle = Math.max(settle, 30_000);
        }
        if (config.pauseNodes() > 0) {
            settle = Math.max(settle, config.pauseMs() + 30_000);
        }
        if (config.partitionFraction() > 0) {
            settle = Math.max(settle, config.partitionMs() + 90_000);
        }
        if (config.onewayFraction() > 0) {
            settle = Math.max(settle, config.onewayMs() + 90_000);
        }
        long end = config.durationS().isPresent() ? config.durationS().getAsLong() * 1000 * MS
                : Math.max(60_000 * MS, faults ? faultAt + settle * MS : 0);
        OptionalLong healMs = OptionalLong.empty();
        OptionalLong majorityQuorum = OptionalLong.empty();
        OptionalLong minorityQuorum = OptionalLong.empty();
        if (faults && faultAt < end) {
            if (timeline != null) {
                timeline.markFaults(config, faultAt, end);
            }
            advance(faultAt, null);
            if (config.disseminate()) {
                SimNode source = net.nodes.get(0);
                source.engine.updateTags(java.util.Map.of("version", "2"));
                updateInc = source.engine.incarnation();
            }
            // any node may be a victim, the seed and first coordinator (node 0) included; --kill-seed kills it for sure
            List<SimNode> candidates = new ArrayList<>(config.killSeed() ? net.nodes.subList(1, n) : net.nodes);
            shuffle(candidates, rnd);
            int next = 0;
            if (config.killSeed()) {
                victim[0] = true;
                net.kill(net.nodes.get(0));
            }
            for (int k = 0; k < config.kill(); k++) {
                SimNode v = candidates.get(next++);
                victim[v.index] = true;
                net.kill(v);
            }
            if (config.killedNodes() > 0) {
                liveCount -= config.killedNodes();
                recount();
            }
            for (int k = 0; k < config.pauseNodes(); k++) {
                candidates.get(next++).pausedUntil = faultAt + config.pauseMs() * MS;
            }
            long healAt = -1;
            boolean partition = config.partitionFraction() > 0;
            if (partition || config.onewayFraction() > 0) {
                // a partition cuts a set of nodes off both ways; a one-way cut only stops them sending to the rest
                boolean[] side = partition ? net.sideB : net.cutOff;
                List<SimNode> all = new ArrayList<>(net.nodes);
                shuffle(all, rnd);
                int cut = (int) Math.round((partition ? config.partitionFraction() : config.onewayFraction()) * n);
                for (int k = 0; k < cut; k++) {
                    side[all.get(k).index] = true;
                }
                if (partition) {
                    net.partitioned = true;
                } else {
                    net.oneway = true;
                }
                healAt = faultAt + (partition ? config.partitionMs() : config.onewayMs()) * MS;
                partitionStart = faultAt;
                partitionEnd = healAt;
                advance(Math.min(healAt, end), null);
                boolean smaller = cut * 2 < n;
                long[] withQuorum = new long[2];
                for (SimNode node : net.nodes) {
                    if (!node.killed && node.engine.hasQuorum()) {
                        withQuorum[side[node.index] == smaller ? 1 : 0]++;
                    }
                }
                majorityQuorum = OptionalLong.of(withQuorum[0]);
                minorityQuorum = OptionalLong.of(withQuorum[1]);
                net.partitioned = false;
                net.oneway = false;
                progress.accept(String.format(Locale.ROOT, "%s healed at %.1f s virtual", partition ? "partition" : "one-way cut",
                        net.now / 1e9));
                if (healAt < end && runReporting(end, true, progress)) {
                    healMs = OptionalLong.of((net.now - healAt) / MS);
                }
            }
        }
        runReporting(end, false, progress);

        long durationMs = end / MS;
        long msgs = 0;
        long bytes = 0;
        for (SimNode node : net.nodes) {
            msgs += node.msgsOut;
            bytes += node.bytesOut;
        }
        double seconds = end / 1e9;
        boolean killed = config.killedNodes() > 0;
        return new SimulationResult(n, config.seed(), config.profile().name().toLowerCase(Locale.ROOT), config.loss(),
                config.latencyMs(), durationMs, conv, convergenceMs, config.killedNodes(),
                killed && firstDeathAt >= 0 ? OptionalLong.of((firstDeathAt - faultAt) / MS) : OptionalLong.empty(),
                killed && allDeadAt >= 0 ? OptionalLong.of((allDeadAt - faultAt) / MS) : OptionalLong.empty(),
                config.pauseNodes(), config.pauseMs(), config.partitionFraction(), config.partitionMs(), healMs,
                updateAllAt >= 0 ? OptionalLong.of((updateAllAt - faultAt) / MS) : OptionalLong.empty(),
                falsePositiveDeaths, falseSuspicions, msgs / (n * seconds), bytes / (n * seconds), net.events,
                (System.nanoTime() - wallStart) / 1_000_000, coordinator, majorityQuorum, minorityQuorum, quorumAtEnd(),
                config.bandwidthMbps(), config.cpuScale(), maxBytesAtConvergence, net.peakBytesPerSecond, net.droppedByQueue,
                config.onewayFraction(), config.onewayMs(), config.latencyDistribution().name().toLowerCase(Locale.ROOT),
                config.killSeed());
    }

    /** @return the coordinator every live node names, if they all name the same one */
    private java.util.Optional<String> agreedCoordinator() {
        String agreed = null;
        for (SimNode node : net.nodes) {
            if (node.killed || !node.started) {
                continue;
            }
            Peer c = node.engine.coordinator();
            if (c == null || agreed != null && !agreed.equals(c.name())) {
                return java.util.Optional.empty();
            }
            agreed = c.name();
        }
        return java.util.Optional.ofNullable(agreed);
    }

    private long quorumAtEnd() {
        long q = 0;
        for (SimNode node : net.nodes) {
            if (!node.killed && node.engine.hasQuorum()) {
                q++;
            }
        }
        return q;
    }

    /** Runs until {@code until}, or convergence when asked, with a progress line every 5 s of wall time. */
    private boolean runReporting(long until, boolean toConvergence, Consumer<String> progress) {
        long step = 250 * MS;
        long lastReport = System.nanoTime();
        while (net.now < until) {
            long next = Math.min(until, net.now + step);
            if (advance(next, toConvergence ? () -> convergedCount == liveCount : null)) {
                return true;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(String.format(Locale.ROOT, "at %.2f s virtual: %d of %d nodes converged; %s", net.now / 1e9,
                        convergedCount, liveCount, viewSummary()));
            }
        }
        return false;
    }

    /** Runs the network until {@code until} (or {@code stop}), sampling the timeline at its steps on the way. */
    private boolean advance(long until, java.util.function.BooleanSupplier stop) {
        if (timeline != null) {
            while (nextSample <= until) {
                if (net.run(nextSample, stop)) {
                    return true;
                }
                timeline.sample(net);
                nextSample += timeline.stepNs();
            }
        }
        return net.run(until, stop);
    }

    private String viewSummary() {
        int min = Integer.MAX_VALUE;
        long sum = 0;
        long dropped = 0;
        long pending = 0;
        for (SimNode node : net.nodes) {
            if (!node.killed) {
                min = Math.min(min, aliveSeen[node.index]);
                sum += aliveSeen[node.index];
                dropped += node.engine.stats().dropped();
                pending += node.engine.pendingUpdates();
            }
        }
        return String.format(Locale.ROOT, "views: min %d, mean %.1f of %d alive; %d dropped, %d pending updates",
                min, (double) sum / liveCount, liveCount, dropped, pending);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private void recount() {
        convergedCount = 0;
        for (SimNode node : net.nodes) {
            boolean c = !node.killed && node.started && aliveSeen[node.index] == liveCount;
            converged[node.index] = c;
            if (c) {
                convergedCount++;
            }
        }
    }

    private int indexOf(Peer p) {
        String name = p.name();
        return Integer.parseInt(name, 1, name.length(), 10);
    }

    /** @return whether the network fault under way stands between the two (either way) */
    private boolean separated(int a, int b) {
        return (net.partitioned && net.sideB[a] != net.sideB[b]) || (net.oneway && net.cutOff[a] != net.cutOff[b]);
    }

    private boolean reachable(int a, int b) {
        return !separated(a, b);
    }

    private final class Measure implements EngineObserver {
        @Override
        public void stateChanged(Engine observer, Peer subject, MemberState from, MemberState to) {
            int o = indexOf(observer.self());
            aliveSeen[o] = observer.aliveMembers();
            SimNode node = net.nodes.get(o);
            boolean c = !node.killed && aliveSeen[o] == liveCount;
            if (c != converged[o]) {
                converged[o] = c;
                convergedCount += c ? 1 : -1;
            }
            int s = indexOf(subject);
            if (victim[s] && !node.killed) {
                boolean wasGone = from == MemberState.DEAD || from == MemberState.LEFT;
                boolean isGone = to == MemberState.DEAD || to == MemberState.LEFT;
                if (isGone && !wasGone) {
                    if (firstDeathAt < 0) {
                        firstDeathAt = net.now;
                    }
                    if (++deadSeen[s] == liveCount) {
                        victimsDone++;
                        if (victimsDone == config.killedNodes()) {
                            allDeadAt = net.now;
                        }
                    }
                } else if (wasGone && !isGone) {
                    if (deadSeen[s]-- == liveCount) {
                        victimsDone--;
                    }
                }
            }
        }

        @Override
        public void aliveUpdated(Engine observer, Peer subject, long incarnation) {
            if (updateInc < 0 || incarnation < updateInc || indexOf(subject) != 0) {
                return;
            }
            int o = indexOf(observer.self());
            if (!updateSeen[o] && !net.nodes.get(o).killed) {
                updateSeen[o] = true;
                if (++updateSeenCount == liveCount - 1) {
                    updateAllAt = net.now;
                }
            }
        }

        @Override
        public void suspicionRaised(Engine observer, Peer subject) {
            int s = indexOf(subject);
            if (!victim[s] && reachable(indexOf(observer.self()), s)) {
                falseSuspicions++;
            }
        }

        @Override
        public void deathDeclared(Engine observer, Peer subject, long suspectedSince) {
            int s = indexOf(subject);
            int o = indexOf(observer.self());
            // a suspicion that began before the fault healed is its doing when the fault stood between the
            // two, or when the subject was cut off one way: the others' accusations reached it and its
            // refutations could not get out, so even a node it could still reach may run one out
            boolean cutOff = partitionStart >= 0 && suspectedSince < partitionEnd
                    && (net.sideB[o] != net.sideB[s] || net.cutOff[o] != net.cutOff[s] || net.cutOff[s]);
            if (!victim[s] && reachable(o, s) && !cutOff) {
                falsePositiveDeaths++;
            }
        }
    }
}
