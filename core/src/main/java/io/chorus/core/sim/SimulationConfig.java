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
    private final double bandwidthMbps;
    private final double cpuScale;
    private final double onewayFraction;
    private final long onewayMs;
    private final boolean killSeed;
    private final LatencyDistribution latencyDistribution;

    /** How one-way delays spread around their mean. */
    public enum LatencyDistribution {
        /** Uniform from half to one and a half times the mean. */
        UNIFORM,
        /** Log-normal with sigma {@value #LOGNORMAL_SIGMA} around the mean: most close to it, a tail of slow ones. */
        LOGNORMAL;

        /** The spread of {@link #LOGNORMAL}: its 99th percentile is about 4.5 times the mean. */
        public static final double LOGNORMAL_SIGMA = 0.7;

        /**
         * @param text {@code uniform} or {@code lognormal}
         * @return the distribution
         * @throws InvalidConfigException naming the allowed values
         */
        public static LatencyDistribution parse(String text) {
            for (LatencyDistribution d : values()) {
                if (d.name().equalsIgnoreCase(text.trim())) {
                    return d;
                }
            }
            throw new InvalidConfigException("latency-dist", "'" + text + "'", "one of uniform, lognormal");
        }
    }

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
        this.bandwidthMbps = b.bandwidthMbps;
        this.cpuScale = b.cpuScale;
        this.onewayFraction = b.onewayFraction;
        this.onewayMs = b.onewayMs;
        this.killSeed = b.killSeed;
        this.latencyDistribution = b.latencyDistribution;
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
    /** @return each node's link, each way, in Mbit/s; 0 for no limit (a message takes no time to send) */
    public double bandwidthMbps() { return bandwidthMbps; }
    /** @return how slow each node's protocol loop is against the calibrated costs (2: twice as slow); 0 for no cost */
    public double cpuScale() { return cpuScale; }
    /** @return the fraction of nodes that cannot send to the rest (they still receive), 0 for none */
    public double onewayFraction() { return onewayFraction; }
    /** @return how long the one-way cut lasts, in ms */
    public long onewayMs() { return onewayMs; }
    /** @return whether node 0 (the seed, and the first coordinator) is killed too */
    public boolean killSeed() { return killSeed; }
    /** @return how one-way delays spread */
    public LatencyDistribution latencyDistribution() { return latencyDistribution; }
    /** @return how many nodes die: {@link #kill()}, and node 0 with {@link #killSeed()} */
    public int killedNodes() { return kill + (killSeed ? 1 : 0); }

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
        private double bandwidthMbps = 1000;
        private double cpuScale = 1;
        private double onewayFraction;
        private long onewayMs;
        private boolean killSeed;
        private LatencyDistribution latencyDistribution = LatencyDistribution.UNIFORM;

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
        /** @param mbps each node's link, each way, in Mbit/s; 0 for no limit @return this */
        public Builder bandwidthMbps(double mbps) { this.bandwidthMbps = mbps; return this; }
        /** @param scale protocol CPU cost against the calibrated one; 0 for none @return this */
        public Builder cpuScale(double scale) { this.cpuScale = scale; return this; }
        /** @param fraction share of nodes that cannot send to the rest @param ms for how long @return this */
        public Builder oneway(double fraction, long ms) { this.onewayFraction = fraction; this.onewayMs = ms; return this; }
        /** @param on kill node 0 (the seed) as well @return this */
        public Builder killSeed(boolean on) { this.killSeed = on; return this; }
        /** @param d how one-way delays spread @return this */
        public Builder latencyDistribution(LatencyDistribution d) {
            this.latencyDistribution = Objects.requireNonNull(d, "latencyDistribution");
            return this;
        }

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
            int killed = kill + (killSeed ? 1 : 0);
            if (kill < 0 || killed >= nodes) {
                throw new InvalidConfigException("kill", kill, "allowed 0 to " + (nodes - 1 - (killSeed ? 1 : 0))
                        + " (fewer than --nodes" + (killSeed ? ", with --kill-seed killing one more" : "") + ")");
            }
            if (pauseNodes < 0 || pauseNodes + killed >= nodes) {
                throw new InvalidConfigException("pause", pauseNodes + ":" + pauseMs,
                        "N:MS with N from 0 to " + (nodes - 1 - killed) + " (live nodes other than one)");
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
            if (onewayFraction != 0 && !(onewayFraction > 0 && onewayFraction < 1)) {
                throw new InvalidConfigException("oneway", onewayFraction + ":" + onewayMs,
                        "F:MS with F a fraction strictly between 0 and 1");
            }
            if (onewayFraction > 0 && (onewayMs < 1 || onewayMs > 3_600_000)) {
                throw new InvalidConfigException("oneway", onewayFraction + ":" + onewayMs, "F:MS with MS from 1 to 3600000");
            }
            if (onewayFraction > 0 && partitionFraction > 0) {
                throw new InvalidConfigException("oneway", onewayFraction + ":" + onewayMs,
                        "not with --partition: one network fault at a time");
            }
            if (!(bandwidthMbps >= 0 && bandwidthMbps <= 1_000_000)) {
                throw new InvalidConfigException("bandwidth-mbps", bandwidthMbps, "allowed 0 (no limit) to 1000000");
            }
            if (!(cpuScale >= 0 && cpuScale <= 1000)) {
                throw new InvalidConfigException("cpu-scale", cpuScale, "allowed 0 (no cost) to 1000");
            }
            if (durationS.isPresent() && (durationS.getAsLong() < 1 || durationS.getAsLong() > 86_400)) {
                throw new InvalidConfigException("duration-s", durationS.getAsLong(), "allowed 1 to 86400");
            }
            return new SimulationConfig(this);
        }
    }
}
