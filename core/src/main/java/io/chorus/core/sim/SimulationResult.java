package io.chorus.core.sim;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a simulation measured. All times are virtual milliseconds except {@code wallMs}.
 *
 * @param nodes nodes simulated
 * @param seed the seed
 * @param profile the timing profile, lower case
 * @param loss packet loss probability
 * @param latencyMs mean one-way latency
 * @param durationMs virtual time simulated
 * @param converged whether every live node saw every live node ALIVE
 * @param convergenceMs from the first join until that happened
 * @param killed nodes killed
 * @param detectionFirstMs from the kill until the first live node marked a victim DEAD
 * @param detectionAllMs from the kill until every live node marked every victim DEAD
 * @param paused nodes paused
 * @param pauseMs how long
 * @param partitionFraction share of nodes cut off (0 for none)
 * @param partitionMs how long
 * @param healMs from the partition's heal until one view returned
 * @param disseminationMs from one node's tag update until every live node held it (when asked for)
 * @param falsePositiveDeaths DEAD declared for a node that was alive and reachable from the declarer
 * @param falseSuspicions suspicions raised for a node that was alive and reachable from the suspector
 * @param msgsPerNodePerS packets and frames sent, per node per virtual second
 * @param bytesPerNodePerS bytes sent, per node per virtual second
 * @param events simulation events processed
 * @param wallMs wall-clock time the run took
 * @param coordinator the coordinator every live node named at convergence; empty when they did not
 *     all name the same one, or never converged
 * @param majorityQuorum with a partition: nodes of the larger side that held quorum just before the heal
 * @param minorityQuorum with a partition: nodes of the smaller side that held quorum just before the heal
 * @param quorumAtEnd live nodes holding quorum when the run ended
 * @param bandwidthMbps each node's link, each way (0: no limit)
 * @param cpuScale the protocol loops' cost against the calibrated one (0: none)
 * @param maxNodeBytesSent the most bytes any node had sent when the cluster converged
 * @param peakNodeBytesPerS the most bytes any node sent in one virtual second
 * @param droppedByQueue datagrams dropped by a full socket buffer, and frames over the limit
 * @param onewayFraction the fraction of nodes cut off one way (0: none)
 * @param onewayMs how long that lasted
 * @param latencyDist how one-way delays spread: uniform or lognormal
 * @param killSeed whether node 0, the seed, was killed
 */
public record SimulationResult(
        int nodes,
        long seed,
        String profile,
        double loss,
        double latencyMs,
        long durationMs,
        boolean converged,
        OptionalLong convergenceMs,
        int killed,
        OptionalLong detectionFirstMs,
        OptionalLong detectionAllMs,
        int paused,
        long pauseMs,
        double partitionFraction,
        long partitionMs,
        OptionalLong healMs,
        OptionalLong disseminationMs,
        long falsePositiveDeaths,
        long falseSuspicions,
        double msgsPerNodePerS,
        double bytesPerNodePerS,
        long events,
        long wallMs,
        java.util.Optional<String> coordinator,
        OptionalLong majorityQuorum,
        OptionalLong minorityQuorum,
        long quorumAtEnd,
        double bandwidthMbps,
        double cpuScale,
        long maxNodeBytesSent,
        long peakNodeBytesPerS,
        long droppedByQueue,
        double onewayFraction,
        long onewayMs,
        String latencyDist,
        boolean killSeed) {

    /** @return one line of JSON with snake_case keys; absent values are {@code null} */
    public String toJson() {
        StringBuilder sb = new StringBuilder(512).append('{');
        field(sb, "nodes", Integer.toString(nodes));
        field(sb, "seed", Long.toString(seed));
        field(sb, "profile", '"' + profile + '"');
        field(sb, "loss", num(loss));
        field(sb, "latency_ms", num(latencyMs));
        field(sb, "latency_dist", '"' + latencyDist + '"');
        field(sb, "bandwidth_mbps", num(bandwidthMbps));
        field(sb, "cpu_scale", num(cpuScale));
        field(sb, "duration_ms", Long.toString(durationMs));
        field(sb, "converged", Boolean.toString(converged));
        field(sb, "convergence_ms", opt(convergenceMs));
        field(sb, "killed", Integer.toString(killed));
        field(sb, "kill_seed", Boolean.toString(killSeed));
        field(sb, "detection_first_ms", opt(detectionFirstMs));
        field(sb, "detection_all_ms", opt(detectionAllMs));
        field(sb, "paused", Integer.toString(paused));
        field(sb, "pause_ms", Long.toString(pauseMs));
        field(sb, "partition", num(partitionFraction));
        field(sb, "partition_ms", Long.toString(partitionMs));
        field(sb, "oneway", num(onewayFraction));
        field(sb, "oneway_ms", Long.toString(onewayMs));
        field(sb, "heal_ms", opt(healMs));
        field(sb, "dissemination_ms", opt(disseminationMs));
        field(sb, "false_positive_deaths", Long.toString(falsePositiveDeaths));
        field(sb, "false_suspicions", Long.toString(falseSuspicions));
        field(sb, "msgs_per_node_per_s", num(msgsPerNodePerS));
        field(sb, "bytes_per_node_per_s", num(bytesPerNodePerS));
        field(sb, "max_node_bytes_sent", Long.toString(maxNodeBytesSent));
        field(sb, "peak_node_bytes_per_s", Long.toString(peakNodeBytesPerS));
        field(sb, "dropped_by_queue", Long.toString(droppedByQueue));
        field(sb, "coordinator", coordinator.map(c -> '"' + c + '"').orElse("null"));
        field(sb, "majority_quorum", opt(majorityQuorum));
        field(sb, "minority_quorum", opt(minorityQuorum));
        field(sb, "quorum_at_end", Long.toString(quorumAtEnd));
        field(sb, "events", Long.toString(events));
        field(sb, "wall_ms", Long.toString(wallMs));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append('"').append(key).append("\":").append(value).append(',');
    }

    private static String opt(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "null";
    }

    private static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
