package io.chorus.core.sim;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Profile;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to simulate. Build with {@link #builder(int)}; every value is range-checked and a bad one
 * throws {@link InvalidConfigException} naming the field (the same name as the CLI flag).
 */
public final class SimulationConfig {
    private final int nodes;
    private final long seed;
    private final Profile profile;
    private final double loss;
    private final double latencyMs;
    private final int kill;
    private final int pauseNodes;
    private final long pauseMs;
    private final double partitionFraction;
    private final long partitionMs;
    private final OptionalLong durationS;
    private final boolean disseminate;

    private SimulationConfig(Builder b) {
        this.nodes = b.nodes;
        this.seed = b.seed;
        this.profile = b.profile;
        this.loss = b.loss;
        this.latencyMs = b.latencyMs >= 0 ? b.latencyMs : defaultLatencyMs(b.profile);
        this.kill = b.kill;
        this.pauseNodes = b.pauseNodes;
        this.pauseMs = b.pauseMs;
        this.partitionFraction = b.partitionFraction;
        this.partitionMs = b.partitionMs;
        this.durationS = b.durationS;
        this.disseminate = b.disseminate;
    }

    /**
     * @param nodes how many nodes, 1 to 100,000
     * @return a builder with seed 1, the LAN profile, no loss and no faults
     */
    public static Builder builder(int nodes) {
        return new Builder(nodes);
    }

    /**
     * @param p a profile
     * @return the one-way latency simulated by default: LAN 0.5 ms, LOCAL 0.05 ms, WAN 30 ms
     */
    public static double defaultLatencyMs(Profile p) {
        switch (p) {
            case LOCAL:
                return 0.05;
            case WAN:
                return 30;
            default:
                return 0.5;
        }
    }

    /** @return how many nodes */
    public int nodes() { return nodes; }
    /** @return the random seed */
    public long seed() { return seed; }
    /** @return the timing profile of every node */
    public Profile profile() { return profile; }
    /** @return the probability that a packet is lost, 0 to 0.9 */
    public double loss() { return loss; }
    /** @return the mean one-way latency in ms */
    public double latencyMs() { return latencyMs; }
    /** @return how many nodes are killed once the cluster has converged */
    public int kill() { return kill; }
    /** @return how many live nodes are paused once the cluster has converged */
    public int pauseNodes() { return pauseNodes; }
    /** @return how long they are paused, in ms */
    public long pauseMs() { return pauseMs; }
    /** @return the fraction of nodes cut off, 0 for none */
    public double partitionFraction() { return partitionFraction; }
    /** @return how long the partition lasts, in ms */
    public long partitionMs() { return partitionMs; }
    /** @return the virtual duration, in seconds; empty picks one long enough for the faults */
    public OptionalLong durationS() { return durationS; }
    /** @return whether one node changes a tag once the cluster has converged, to time its spread to every node */
    public boolean disseminate() { return disseminate; }

    /** Builds a {@link SimulationConfig}. */
    public static final class Builder {
        private final int nodes;
        private long seed = 1;
        private Profile profile = Profile.LAN;
        private double loss;
        private double latencyMs = -1;
        private int kill;
        private boolean disseminate;
        private int pauseNodes;
        private long pauseMs;
        private double partitionFraction;
        private long partitionMs;
        private OptionalLong durationS = OptionalLong.empty();

        private Builder(int nodes) {
            this.nodes = nodes;
        }

        /** @param s the seed @return this */
        public Builder seed(long s) { this.seed = s; return this; }
        /** @param p the profile @return this */
        public Builder profile(Profile p) { this.profile = Objects.requireNonNull(p, "profile"); return this; }
        /** @param p packet loss probability @return this */
        public Builder loss(double p) { this.loss = p; return this; }
        /** @param ms mean one-way latency @return this */
        public Builder latencyMs(double ms) { this.latencyMs = ms; return this; }
        /** @param k nodes to kill @return this */
        public Builder kill(int k) { this.kill = k; return this; }
        /** @param count nodes to pause @param ms for how long @return this */
        public Builder pause(int count, long ms) { this.pauseNodes = count; this.pauseMs = ms; return this; }
        /** @param fraction share of nodes cut off @param ms for how long @return this */
        public Builder partition(double fraction, long ms) { this.partitionFraction = fraction; this.partitionMs = ms; return this; }
        /** @param s virtual seconds @return this */
        public Builder durationS(long s) { this.durationS = OptionalLong.of(s); return this; }
        /** @param on time how long one tag update takes to reach every live node @return this */
        public Builder disseminate(boolean on) { this.disseminate = on; return this; }

        /** @return the config @throws InvalidConfigException naming the bad field */
        public SimulationConfig build() {
            if (nodes < 1 || nodes > 100_000) {
                throw new InvalidConfigException("nodes", nodes, "allowed 1 to 100000");
            }
            if (!(loss >= 0 && loss <= 0.9)) {
                throw new InvalidConfigException("loss", loss, "a probability from 0 to 0.9");
            }
            if (latencyMs != -1 && !(latencyMs >= 0 && latencyMs <= 10_000)) {
                throw new InvalidConfigException("latency-ms", latencyMs, "allowed 0 to 10000");
            }
            if (kill < 0 || kill >= nodes) {
                throw new InvalidConfigException("kill", kill, "allowed 0 to " + (nodes - 1) + " (fewer than --nodes)");
            }
            if (pauseNodes < 0 || pauseNodes + kill >= nodes) {
                throw new InvalidConfigException("pause", pauseNodes + ":" + pauseMs,
                        "N:MS with N from 0 to " + (nodes - 1 - kill) + " (live nodes other than one)");
            }
            if (pauseNodes > 0 && (pauseMs < 1 || pauseMs > 3_600_000)) {
                throw new InvalidConfigException("pause", pauseNodes + ":" + pauseMs, "N:MS with MS from 1 to 3600000");
            }
            if (partitionFraction != 0 && !(partitionFraction > 0 && partitionFraction < 1)) {
                throw new InvalidConfigException("partition", partitionFraction + ":" + partitionMs,
                        "F:MS with F a fraction strictly between 0 and 1");
            }
            if (partitionFraction > 0 && (partitionMs < 1 || partitionMs > 3_600_000)) {
                throw new InvalidConfigException("partition", partitionFraction + ":" + partitionMs, "F:MS with MS from 1 to 3600000");
            }
            if (durationS.isPresent() && (durationS.getAsLong() < 1 || durationS.getAsLong() > 86_400)) {
                throw new InvalidConfigException("duration-s", durationS.getAsLong(), "allowed 1 to 86400");
            }
            return new SimulationConfig(this);
        }
    }
}
