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
 * @param rejected inbound packets or frames rejected by signature checks: the sum of the four
 *     causes below
 * @param unknownMessages protocol messages of an unknown type, skipped (a newer peer)
 * @param probes probes sent
 * @param probeFailures probes that got no ack, direct or indirect
 * @param suspicions members this node suspected after a failed probe
 * @param refutations suspicions about this node that it refuted
 * @param healthScore the Lifeguard local health score: 0 is healthy; higher stretches this
 *     node's own timeouts
 * @param rejectedMissingTag rejected: unsigned (or too short to hold a trailer), sent to a node
 *     that signs
 * @param rejectedBadTag rejected: the tag does not match (tampered or forged), or a signed message
 *     reached a node with no secret, which cannot check it
 * @param rejectedUnknownKey rejected: the key id names no key this node holds (another secret or
 *     cluster label, or a key removed)
 * @param rejectedReplay rejected: correctly signed, but already received or outside the time window
 * @param userMessagesIn messages, requests and replies received from other members (see
 *     {@link Cluster#send}), before any handler ran
 * @param userMessagesOut messages, requests and replies sent to other members
 * @param userEvents user events delivered to this node's listeners (see {@link Cluster#broadcast})
 * @param userRejected user messages refused: for lack of room (a full local queue, and the caller
 *     got an exception; or a full handler queue on arrival), or one-way messages for a topic with no
 *     handler here
 */
@Stability(Stability.Level.EXPERIMENTAL)
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
        int healthScore,
        long rejectedMissingTag,
        long rejectedBadTag,
        long rejectedUnknownKey,
        long rejectedReplay,
        long userMessagesIn,
        long userMessagesOut,
        long userEvents,
        long userRejected) {

    /**
     * Counters without the rejections by cause and the user messaging counters (each zero);
     * {@code rejected} is kept as given.
     *
     * @param alive members ALIVE
     * @param suspect members SUSPECT
     * @param dead members DEAD
     * @param left members LEFT
     * @param messagesIn packets and frames received
     * @param messagesOut packets and frames sent
     * @param bytesIn bytes received
     * @param bytesOut bytes sent
     * @param dropped inbound packets or frames dropped
     * @param rejected inbound packets or frames rejected by signature checks
     * @param unknownMessages protocol messages of an unknown type
     * @param probes probes sent
     * @param probeFailures probes that got no ack
     * @param suspicions members suspected
     * @param refutations suspicions refuted
     * @param healthScore the local health score
     */
    public ClusterStats(long alive, long suspect, long dead, long left, long messagesIn, long messagesOut, long bytesIn,
            long bytesOut, long dropped, long rejected, long unknownMessages, long probes, long probeFailures,
            long suspicions, long refutations, int healthScore) {
        this(alive, suspect, dead, left, messagesIn, messagesOut, bytesIn, bytesOut, dropped, rejected, unknownMessages,
                probes, probeFailures, suspicions, refutations, healthScore, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
