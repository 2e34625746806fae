package io.chorus.core.sim;

import io.chorus.api.MemberState;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.wire.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a simulation looked like over time, for a plot ({@link TimelineSvg}): at fixed steps of
 * virtual time, how many members each live node held ALIVE (the least, the median and the most
 * across live nodes), how many nodes were live, and the suspicions raised and deaths declared since
 * the step before; and the instants of the faults and heals. Pass one to
 * {@link Simulation#run(SimulationConfig, java.util.function.Consumer, Timeline)}; a run without
 * one records nothing.
 *
 * <p>Deterministic: the same config and seed give the same timeline.
 */
public final class Timeline {
    /** The step {@code ./chorus simulate --plot} samples at, in virtual ms. */
    public static final long DEFAULT_STEP_MS = 250;

    private final long stepMs;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private int nodes;
    private long suspicions;
    private long deaths;
    /** How many live nodes held each count of ALIVE members, reused by every sample. */
    private int[] histogram = new int[0];

    /**
     * One step's view of the cluster.
     *
     * @param atMs virtual ms since the simulation began
     * @param live nodes running (started and not killed; paused ones count)
     * @param min the fewest members any live node held ALIVE (itself included)
     * @param median the median across live nodes (the lower middle one for an even count)
     * @param max the most any live node held ALIVE
     * @param suspicions suspicions raised, after a node's own failed probe, since the step before
     * @param deaths deaths declared when a node's own suspicion ran out, since the step before
     */
    public record Sample(long atMs, int live, int min, int median, int max, long suspicions, long deaths) {
    }

    /** What a mark is. */
    public enum Kind {
        /** A fault struck: nodes killed or paused, a partition or a one-way cut. */
        FAULT,
        /** A fault ended: a partition or one-way cut healed, paused nodes resumed. */
        HEAL
    }

    /**
     * An instant worth a line on the plot.
     *
     * @param atMs virtual ms since the simulation began
     * @param kind a fault or a heal
     * @param label what happened, in a few words ("partition: 30% cut off")
     */
    public record Mark(long atMs, Kind kind, String label) {
        /** Checks the label. */
        public Mark {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * @param stepMs how often to sample, in virtual ms, 1 to 3,600,000
     */
    public Timeline(long stepMs) {
        if (stepMs < 1 || stepMs > 3_600_000) {
            throw new IllegalArgumentException("stepMs " + stepMs + ": from 1 to 3600000");
        }
        this.stepMs = stepMs;
    }

    /** @return a timeline sampled every {@value #DEFAULT_STEP_MS} ms */
    public static Timeline everyDefaultStep() {
        return new Timeline(DEFAULT_STEP_MS);
    }

    /** @return how often it samples, in virtual ms */
    public long stepMs() {
        return stepMs;
    }

    /** @return the nodes simulated (0 before the run) */
    public int nodes() {
        return nodes;
    }

    /** @return the samples, in time order */
    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** @return the faults and heals, in time order */
    public List<Mark> marks() {
        return Collections.unmodifiableList(marks);
    }

    /** @return the step in virtual nanoseconds */
    long stepNs() {
        return stepMs * SimNetwork.MS;
    }

    void begin(int nodeCount) {
        this.nodes = nodeCount;
        this.histogram = new int[nodeCount + 1];
    }

    /** Marks the faults of {@code config}, which strike at {@code faultAt}, and their ends before {@code end} (virtual ns). */
    void markFaults(SimulationConfig config, long faultAt, long end) {
        if (config.killedNodes() > 0) {
            int k = config.killedNodes();
            mark(faultAt, Kind.FAULT, k + (k == 1 ? " node" : " nodes") + " killed" + (config.killSeed() ? " (n0 among them)" : ""));
        }
        if (config.pauseNodes() > 0) {
            int p = config.pauseNodes();
            mark(faultAt, Kind.FAULT, p + (p == 1 ? " node" : " nodes") + " paused");
            long resume = faultAt + config.pauseMs() * SimNetwork.MS;
            if (resume < end) {
                mark(resume, Kind.HEAL, "paused nodes resume");
            }
        }
        boolean partition = config.partitionFraction() > 0;
        if (partition || config.onewayFraction() > 0) {
            double f = partition ? config.partitionFraction() : config.onewayFraction();
            String share = percent(f) + " of nodes";
            mark(faultAt, Kind.FAULT, partition ? "partition: " + share + " cut off" : "one-way cut: " + share + " cannot send");
            long heal = faultAt + (partition ? config.partitionMs() : config.onewayMs()) * SimNetwork.MS;
            if (heal < end) {
                mark(heal, Kind.HEAL, partition ? "partition healed" : "one-way cut healed");
            }
        }
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return p == Math.rint(p) ? Long.toString((long) p) + "%" : String.format(java.util.Locale.ROOT, "%.1f%%", p);
    }

    void mark(long atNs, Kind kind, String label) {
        marks.add(new Mark(atNs / SimNetwork.MS, kind, label));
        marks.sort(java.util.Comparator.comparingLong(Mark::atMs));
    }

    /** Takes one sample of the network's live nodes at {@code net.now}. */
    void sample(SimNetwork net) {
        int live = 0;
        for (SimNode node : net.nodes) {
            if (node.started && !node.killed) {
                int alive = Math.min(nodes, node.engine.aliveMembers());
                histogram[alive]++;
                live++;
            }
        }
        int min = 0;
        int median = 0;
        int max = 0;
        int seen = 0;
        int middle = (live + 1) / 2;
        boolean first = true;
        for (int count = 0; count < histogram.length; count++) {
            int h = histogram[count];
            if (h == 0) {
                continue;
            }
            if (first) {
                min = count;
                first = false;
            }
            if (seen < middle && seen + h >= middle) {
                median = count;
            }
            seen += h;
            max = count;
            histogram[count] = 0;
        }
        samples.add(new Sample(net.now / SimNetwork.MS, live, min, median, max, suspicions, deaths));
        suspicions = 0;
        deaths = 0;
    }

    /** @return an observer that counts suspicions and deaths here, and passes every call on to {@code next} */
    EngineObserver counting(EngineObserver next) {
        return new EngineObserver() {
            @Override
            public void stateChanged(Engine observer, Peer subject, MemberState from, MemberState to) {
                next.stateChanged(observer, subject, from, to);
            }

            @Override
            public void suspicionRaised(Engine observer, Peer subject) {
                suspicions++;
                next.suspicionRaised(observer, subject);
            }

            @Override
            public void deathDeclared(Engine observer, Peer subject, long suspectedSince) {
                deaths++;
                next.deathDeclared(observer, subject, suspectedSince);
            }

            @Override
            public void aliveUpdated(Engine observer, Peer subject, long incarnation) {
                next.aliveUpdated(observer, subject, incarnation);
            }
        };
    }
}
