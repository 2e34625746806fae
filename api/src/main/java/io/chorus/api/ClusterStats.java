package io.chorus.api;

/**
 * Counters of the local node since it started. Message counts are packets and frames on the
 * wire; one packet may carry several protocol messages.
 *
 * @param alive members ALIVE, the local node included
 * @param suspect members SUSPECT
 * @param dead members DEAD
 * @param left members LEFT
 * @param messagesIn packets and frames received
 * @param messagesOut packets and frames sent
 * @param bytesIn bytes received
 * @param bytesOut bytes sent
 * @param dropped inbound packets or frames dropped as malformed, truncated, oversized or from a
 *     foreign protocol version
 * @param rejected inbound packets or frames rejected by signature checks (missing, bad or unknown key)
 * @param unknownMessages protocol messages of an unknown type, skipped (a newer peer)
 * @param probes probes sent
 * @param probeFailures probes that got no ack, direct or indirect
 * @param suspicions members this node suspected after a failed probe
 * @param refutations suspicions about this node that it refuted
 * @param healthScore the Lifeguard local health score: 0 is healthy; higher stretches this
 *     node's own timeouts
 */
public record ClusterStats(
        long alive,
        long suspect,
        long dead,
        long left,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        long dropped,
        long rejected,
        long unknownMessages,
        long probes,
        long probeFailures,
        long suspicions,
        long refutations,
        int healthScore) {
}
