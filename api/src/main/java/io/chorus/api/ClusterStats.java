package io.chorus.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Counters of the local node since it started. Message counts are packets and frames on the
 * wire; one packet may carry several protocol messages.
 *
 * <p>A final class, not a record, so that a counter can be added without breaking anyone's code:
 * read it through its accessors (or {@link #counters()}, which lists every counter by name, new
 * ones included), and build one, in tests or in an engine, with {@link #builder()}; counters not
 * set are zero. Immutable and thread-safe; equal when every counter is.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ClusterStats {
    private final long alive;
    private final long suspect;
    private final long dead;
    private final long left;
    private final long messagesIn;
    private final long messagesOut;
    private final long bytesIn;
    private final long bytesOut;
    private final long dropped;
    private final long rejected;
    private final long unknownMessages;
    private final long probes;
    private final long probeFailures;
    private final long suspicions;
    private final long refutations;
    private final int healthScore;
    private final long rejectedMissingTag;
    private final long rejectedBadTag;
    private final long rejectedUnknownKey;
    private final long rejectedReplay;
    private final long rejectedLabel;
    private final long rejectedUnsealed;
    private final long rejectedSealed;
    private final long userMessagesIn;
    private final long userMessagesOut;
    private final long userEvents;
    private final long userRejected;
    private final long probeRttCount;
    private final long probeRttSumMicros;
    private final long probeRttP50Micros;
    private final long probeRttP90Micros;
    private final long probeRttP99Micros;
    private final long probeRttMaxMicros;
    private final long indirectProbes;
    private final long suspicionsRefuted;
    private final long deaths;
    private final long leaves;
    private final long framesIn;
    private final long framesOut;
    private final long frameBytesIn;
    private final long frameBytesOut;
    private final long gossipQueued;
    private final long requests;
    private final long requestFailures;
    private final long requestLatencySumMicros;
    private final long requestLatencyP50Micros;
    private final long requestLatencyP90Micros;
    private final long requestLatencyP99Micros;
    private final long requestLatencyMaxMicros;

    private ClusterStats(Builder b) {
        this.alive = b.alive;
        this.suspect = b.suspect;
        this.dead = b.dead;
        this.left = b.left;
        this.messagesIn = b.messagesIn;
        this.messagesOut = b.messagesOut;
        this.bytesIn = b.bytesIn;
        this.bytesOut = b.bytesOut;
        this.dropped = b.dropped;
        this.rejected = b.rejected;
        this.unknownMessages = b.unknownMessages;
        this.probes = b.probes;
        this.probeFailures = b.probeFailures;
        this.suspicions = b.suspicions;
        this.refutations = b.refutations;
        this.healthScore = b.healthScore;
        this.rejectedMissingTag = b.rejectedMissingTag;
        this.rejectedBadTag = b.rejectedBadTag;
        this.rejectedUnknownKey = b.rejectedUnknownKey;
        this.rejectedReplay = b.rejectedReplay;
        this.rejectedLabel = b.rejectedLabel;
        this.rejectedUnsealed = b.rejectedUnsealed;
        this.rejectedSealed = b.rejectedSealed;
        this.userMessagesIn = b.userMessagesIn;
        this.userMessagesOut = b.userMessagesOut;
        this.userEvents = b.userEvents;
        this.userRejected = b.userRejected;
        this.probeRttCount = b.probeRttCount;
        this.probeRttSumMicros = b.probeRttSumMicros;
        this.probeRttP50Micros = b.probeRttP50Micros;
        this.probeRttP90Micros = b.probeRttP90Micros;
        this.probeRttP99Micros = b.probeRttP99Micros;
        this.probeRttMaxMicros = b.probeRttMaxMicros;
        this.indirectProbes = b.indirectProbes;
        this.suspicionsRefuted = b.suspicionsRefuted;
        this.deaths = b.deaths;
        this.leaves = b.leaves;
        this.framesIn = b.framesIn;
        this.framesOut = b.framesOut;
        this.frameBytesIn = b.frameBytesIn;
        this.frameBytesOut = b.frameBytesOut;
        this.gossipQueued = b.gossipQueued;
        this.requests = b.requests;
        this.requestFailures = b.requestFailures;
        this.requestLatencySumMicros = b.requestLatencySumMicros;
        this.requestLatencyP50Micros = b.requestLatencyP50Micros;
        this.requestLatencyP90Micros = b.requestLatencyP90Micros;
        this.requestLatencyP99Micros = b.requestLatencyP99Micros;
        this.requestLatencyMaxMicros = b.requestLatencyMaxMicros;
    }

    /** @return a builder with every counter zero */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these counters, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.alive = alive;
        b.suspect = suspect;
        b.dead = dead;
        b.left = left;
        b.messagesIn = messagesIn;
        b.messagesOut = messagesOut;
        b.bytesIn = bytesIn;
        b.bytesOut = bytesOut;
        b.dropped = dropped;
        b.rejected = rejected;
        b.unknownMessages = unknownMessages;
        b.probes = probes;
        b.probeFailures = probeFailures;
        b.suspicions = suspicions;
        b.refutations = refutations;
        b.healthScore = healthScore;
        b.rejectedMissingTag = rejectedMissingTag;
        b.rejectedBadTag = rejectedBadTag;
        b.rejectedUnknownKey = rejectedUnknownKey;
        b.rejectedReplay = rejectedReplay;
        b.rejectedLabel = rejectedLabel;
        b.rejectedUnsealed = rejectedUnsealed;
        b.rejectedSealed = rejectedSealed;
        b.userMessagesIn = userMessagesIn;
        b.userMessagesOut = userMessagesOut;
        b.userEvents = userEvents;
        b.userRejected = userRejected;
        b.probeRttCount = probeRttCount;
        b.probeRttSumMicros = probeRttSumMicros;
        b.probeRttP50Micros = probeRttP50Micros;
        b.probeRttP90Micros = probeRttP90Micros;
        b.probeRttP99Micros = probeRttP99Micros;
        b.probeRttMaxMicros = probeRttMaxMicros;
        b.indirectProbes = indirectProbes;
        b.suspicionsRefuted = suspicionsRefuted;
        b.deaths = deaths;
        b.leaves = leaves;
        b.framesIn = framesIn;
        b.framesOut = framesOut;
        b.frameBytesIn = frameBytesIn;
        b.frameBytesOut = frameBytesOut;
        b.gossipQueued = gossipQueued;
        b.requests = requests;
        b.requestFailures = requestFailures;
        b.requestLatencySumMicros = requestLatencySumMicros;
        b.requestLatencyP50Micros = requestLatencyP50Micros;
        b.requestLatencyP90Micros = requestLatencyP90Micros;
        b.requestLatencyP99Micros = requestLatencyP99Micros;
        b.requestLatencyMaxMicros = requestLatencyMaxMicros;
        return b;
    }

    /** @return members ALIVE, the local node included */
    public long alive() {
        return alive;
    }

    /** @return members SUSPECT */
    public long suspect() {
        return suspect;
    }

    /** @return members DEAD */
    public long dead() {
        return dead;
    }

    /** @return members LEFT */
    public long left() {
        return left;
    }

    /** @return packets and frames received */
    public long messagesIn() {
        return messagesIn;
    }

    /** @return packets and frames sent */
    public long messagesOut() {
        return messagesOut;
    }

    /** @return bytes received */
    public long bytesIn() {
        return bytesIn;
    }

    /** @return bytes sent */
    public long bytesOut() {
        return bytesOut;
    }

    /** @return inbound packets or frames dropped as malformed, truncated, oversized or from a
     *     foreign protocol version */
    public long dropped() {
        return dropped;
    }

    /** @return inbound packets or frames rejected by the label, signature or seal checks: the sum of
     *     the causes {@link #rejectedMissingTag()}, {@link #rejectedBadTag()}, {@link #rejectedUnknownKey()},
     *     {@link #rejectedReplay()}, {@link #rejectedLabel()}, {@link #rejectedUnsealed()} and
     *     {@link #rejectedSealed()} */
    public long rejected() {
        return rejected;
    }

    /** @return protocol messages of an unknown type, skipped (a newer peer) */
    public long unknownMessages() {
        return unknownMessages;
    }

    /** @return probes sent */
    public long probes() {
        return probes;
    }

    /** @return probes that got no ack, direct or indirect */
    public long probeFailures() {
        return probeFailures;
    }

    /** @return members this node suspected after a failed probe */
    public long suspicions() {
        return suspicions;
    }

    /** @return suspicions about this node that it refuted */
    public long refutations() {
        return refutations;
    }

    /** @return the Lifeguard local health score: 0 is healthy; higher stretches this
     *     node's own timeouts */
    public int healthScore() {
        return healthScore;
    }

    /** @return rejected: unsigned (or too short to hold a trailer), sent to a node
     *     that signs */
    public long rejectedMissingTag() {
        return rejectedMissingTag;
    }

    /** @return rejected: the tag does not match (tampered, forged or truncated, signed or sealed), or
     *     a signed message reached a node with no secret, which cannot check it */
    public long rejectedBadTag() {
        return rejectedBadTag;
    }

    /** @return rejected: the key id names no key this node holds (another secret or
     *     cluster label, or a key removed) */
    public long rejectedUnknownKey() {
        return rejectedUnknownKey;
    }

    /** @return rejected: correctly signed, but already received or outside the time window */
    public long rejectedReplay() {
        return rejectedReplay;
    }

    /** @return rejected: traffic of another cluster label, or labelled traffic to a node without a label (and the other way round): another cluster on the same network */
    @Stability(Stability.Level.EXPERIMENTAL)
    public long rejectedLabel() {
        return rejectedLabel;
    }

    /** @return rejected: signed or plain traffic to a node whose encryption mode accepts only sealed traffic (ON) */
    @Stability(Stability.Level.EXPERIMENTAL)
    public long rejectedUnsealed() {
        return rejectedUnsealed;
    }

    /** @return rejected: sealed traffic to a node that cannot open it (no secret, or a signer that only signs: no io.chorus:chorus-security-aes) or does not accept it yet (encryption OFF) */
    @Stability(Stability.Level.EXPERIMENTAL)
    public long rejectedSealed() {
        return rejectedSealed;
    }

    /** @return messages, requests and replies received from other members (see
     *     {@link Cluster#send}), before any handler ran */
    public long userMessagesIn() {
        return userMessagesIn;
    }

    /** @return messages, requests and replies sent to other members */
    public long userMessagesOut() {
        return userMessagesOut;
    }

    /** @return user events delivered to this node's listeners (see {@link Cluster#broadcast}) */
    public long userEvents() {
        return userEvents;
    }

    /** @return user messages refused: for lack of room (a full local queue, and the caller
     *     got an exception; or a full handler queue on arrival), or one-way messages for a topic with no
     *     handler here */
    public long userRejected() {
        return userRejected;
    }

    /** @return direct probes answered whose round-trip time was measured */
    public long probeRttCount() {
        return probeRttCount;
    }

    /** @return the sum of those round-trip times, in microseconds */
    public long probeRttSumMicros() {
        return probeRttSumMicros;
    }

    /** @return the median round-trip time of a direct probe over the last one to two minutes, in microseconds; 0 with none */
    public long probeRttP50Micros() {
        return probeRttP50Micros;
    }

    /** @return the 90th percentile of the same, in microseconds */
    public long probeRttP90Micros() {
        return probeRttP90Micros;
    }

    /** @return the 99th percentile of the same, in microseconds */
    public long probeRttP99Micros() {
        return probeRttP99Micros;
    }

    /** @return the largest of the same, in microseconds */
    public long probeRttMaxMicros() {
        return probeRttMaxMicros;
    }

    /** @return probe rounds whose direct ping went unanswered in time, so that other members were asked to probe (ping-req) */
    public long indirectProbes() {
        return indirectProbes;
    }

    /** @return members this node held SUSPECT that came back ALIVE: the suspect refuted, so the suspicion was false */
    public long suspicionsRefuted() {
        return suspicionsRefuted;
    }

    /** @return times another member became DEAD in this node's view */
    public long deaths() {
        return deaths;
    }

    /** @return times another member became LEFT in this node's view (a graceful leave) */
    public long leaves() {
        return leaves;
    }

    /** @return of {@link #messagesIn()}, the frames (streams); the rest are packets */
    public long framesIn() {
        return framesIn;
    }

    /** @return of {@link #messagesOut()}, the frames (streams); the rest are packets */
    public long framesOut() {
        return framesOut;
    }

    /** @return of {@link #bytesIn()}, the bytes of frames */
    public long frameBytesIn() {
        return frameBytesIn;
    }

    /** @return of {@link #bytesOut()}, the bytes of frames */
    public long frameBytesOut() {
        return frameBytesOut;
    }

    /** @return membership updates waiting in the gossip queue to be piggybacked (a gauge, not a count) */
    public long gossipQueued() {
        return gossipQueued;
    }

    /** @return requests this node sent (see {@link Cluster#request}) that have ended: answered, or failed */
    public long requests() {
        return requests;
    }

    /** @return of those, the ones that failed: no reply in time, the member gone, refused or its handler failed */
    public long requestFailures() {
        return requestFailures;
    }

    /** @return the time from each of those requests sent to its end, summed, in microseconds */
    public long requestLatencySumMicros() {
        return requestLatencySumMicros;
    }

    /** @return the median time from a request sent to its end over the last one to two minutes, in microseconds; 0 with none */
    public long requestLatencyP50Micros() {
        return requestLatencyP50Micros;
    }

    /** @return the 90th percentile of the same, in microseconds */
    public long requestLatencyP90Micros() {
        return requestLatencyP90Micros;
    }

    /** @return the 99th percentile of the same, in microseconds */
    public long requestLatencyP99Micros() {
        return requestLatencyP99Micros;
    }

    /** @return the largest of the same, in microseconds */
    public long requestLatencyMaxMicros() {
        return requestLatencyMaxMicros;
    }

    /**
     * Every counter under its accessor's name, in the order of this class's accessors: for tools that
     * print or export the counters and should show new ones without a change.
     *
     * @return an unmodifiable map from counter name ({@code messagesIn}, ...) to value
     */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("alive", alive);
        m.put("suspect", suspect);
        m.put("dead", dead);
        m.put("left", left);
        m.put("messagesIn", messagesIn);
        m.put("messagesOut", messagesOut);
        m.put("bytesIn", bytesIn);
        m.put("bytesOut", bytesOut);
        m.put("dropped", dropped);
        m.put("rejected", rejected);
        m.put("unknownMessages", unknownMessages);
        m.put("probes", probes);
        m.put("probeFailures", probeFailures);
        m.put("suspicions", suspicions);
        m.put("refutations", refutations);
        m.put("healthScore", (long) healthScore);
        m.put("rejectedMissingTag", rejectedMissingTag);
        m.put("rejectedBadTag", rejectedBadTag);
        m.put("rejectedUnknownKey", rejectedUnknownKey);
        m.put("rejectedReplay", rejectedReplay);
        m.put("rejectedLabel", rejectedLabel);
        m.put("rejectedUnsealed", rejectedUnsealed);
        m.put("rejectedSealed", rejectedSealed);
        m.put("userMessagesIn", userMessagesIn);
        m.put("userMessagesOut", userMessagesOut);
        m.put("userEvents", userEvents);
        m.put("userRejected", userRejected);
        m.put("probeRttCount", probeRttCount);
        m.put("probeRttSumMicros", probeRttSumMicros);
        m.put("probeRttP50Micros", probeRttP50Micros);
        m.put("probeRttP90Micros", probeRttP90Micros);
        m.put("probeRttP99Micros", probeRttP99Micros);
        m.put("probeRttMaxMicros", probeRttMaxMicros);
        m.put("indirectProbes", indirectProbes);
        m.put("suspicionsRefuted", suspicionsRefuted);
        m.put("deaths", deaths);
        m.put("leaves", leaves);
        m.put("framesIn", framesIn);
        m.put("framesOut", framesOut);
        m.put("frameBytesIn", frameBytesIn);
        m.put("frameBytesOut", frameBytesOut);
        m.put("gossipQueued", gossipQueued);
        m.put("requests", requests);
        m.put("requestFailures", requestFailures);
        m.put("requestLatencySumMicros", requestLatencySumMicros);
        m.put("requestLatencyP50Micros", requestLatencyP50Micros);
        m.put("requestLatencyP90Micros", requestLatencyP90Micros);
        m.put("requestLatencyP99Micros", requestLatencyP99Micros);
        m.put("requestLatencyMaxMicros", requestLatencyMaxMicros);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof ClusterStats)) {
            return false;
        }
        ClusterStats s = (ClusterStats) o;
        return alive == s.alive
                && suspect == s.suspect
                && dead == s.dead
                && left == s.left
                && messagesIn == s.messagesIn
                && messagesOut == s.messagesOut
                && bytesIn == s.bytesIn
                && bytesOut == s.bytesOut
                && dropped == s.dropped
                && rejected == s.rejected
                && unknownMessages == s.unknownMessages
                && probes == s.probes
                && probeFailures == s.probeFailures
                && suspicions == s.suspicions
                && refutations == s.refutations
                && healthScore == s.healthScore
                && rejectedMissingTag == s.rejectedMissingTag
                && rejectedBadTag == s.rejectedBadTag
                && rejectedUnknownKey == s.rejectedUnknownKey
                && rejectedReplay == s.rejectedReplay
                && rejectedLabel == s.rejectedLabel
                && rejectedUnsealed == s.rejectedUnsealed
                && rejectedSealed == s.rejectedSealed
                && userMessagesIn == s.userMessagesIn
                && userMessagesOut == s.userMessagesOut
                && userEvents == s.userEvents
                && userRejected == s.userRejected
                && probeRttCount == s.probeRttCount
                && probeRttSumMicros == s.probeRttSumMicros
                && probeRttP50Micros == s.probeRttP50Micros
                && probeRttP90Micros == s.probeRttP90Micros
                && probeRttP99Micros == s.probeRttP99Micros
                && probeRttMaxMicros == s.probeRttMaxMicros
                && indirectProbes == s.indirectProbes
                && suspicionsRefuted == s.suspicionsRefuted
                && deaths == s.deaths
                && leaves == s.leaves
                && framesIn == s.framesIn
                && framesOut == s.framesOut
                && frameBytesIn == s.frameBytesIn
                && frameBytesOut == s.frameBytesOut
                && gossipQueued == s.gossipQueued
                && requests == s.requests
                && requestFailures == s.requestFailures
                && requestLatencySumMicros == s.requestLatencySumMicros
                && requestLatencyP50Micros == s.requestLatencyP50Micros
                && requestLatencyP90Micros == s.requestLatencyP90Micros
                && requestLatencyP99Micros == s.requestLatencyP99Micros
                && requestLatencyMaxMicros == s.requestLatencyMaxMicros;
    }

    @Override
    public int hashCode() {
        return counters().hashCode();
    }

    /** @return {@code ClusterStats[alive=3, suspect=0, ...]}, every counter by name */
    @Override
    public String toString() {
        StringJoiner sj = new StringJoiner(", ", "ClusterStats[", "]");
        counters().forEach((name, value) -> sj.add(name + "=" + value));
        return sj.toString();
    }

    /**
     * Builds {@link ClusterStats}: every setter is named like the accessor it sets and returns this
     * builder; counters not set stay zero. Not thread-safe; {@link #build()} may be called again.
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public static final class Builder {
        private long alive;
        private long suspect;
        private long dead;
        private long left;
        private long messagesIn;
        private long messagesOut;
        private long bytesIn;
        private long bytesOut;
        private long dropped;
        private long rejected;
        private long unknownMessages;
        private long probes;
        private long probeFailures;
        private long suspicions;
        private long refutations;
        private int healthScore;
        private long rejectedMissingTag;
        private long rejectedBadTag;
        private long rejectedUnknownKey;
        private long rejectedReplay;
        private long rejectedLabel;
        private long rejectedUnsealed;
        private long rejectedSealed;
        private long userMessagesIn;
        private long userMessagesOut;
        private long userEvents;
        private long userRejected;
        private long probeRttCount;
        private long probeRttSumMicros;
        private long probeRttP50Micros;
        private long probeRttP90Micros;
        private long probeRttP99Micros;
        private long probeRttMaxMicros;
        private long indirectProbes;
        private long suspicionsRefuted;
        private long deaths;
        private long leaves;
        private long framesIn;
        private long framesOut;
        private long frameBytesIn;
        private long frameBytesOut;
        private long gossipQueued;
        private long requests;
        private long requestFailures;
        private long requestLatencySumMicros;
        private long requestLatencyP50Micros;
        private long requestLatencyP90Micros;
        private long requestLatencyP99Micros;
        private long requestLatencyMaxMicros;

        private Builder() {
        }

        /**
         * @param value members ALIVE, the local node included; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder alive(long value) {
            this.alive = check("alive", value);
            return this;
        }

        /**
         * @param value members SUSPECT; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder suspect(long value) {
            this.suspect = check("suspect", value);
            return this;
        }

        /**
         * @param value members DEAD; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder dead(long value) {
            this.dead = check("dead", value);
            return this;
        }

        /**
         * @param value members LEFT; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder left(long value) {
            this.left = check("left", value);
            return this;
        }

        /**
         * @param value packets and frames received; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder messagesIn(long value) {
            this.messagesIn = check("messagesIn", value);
            return this;
        }

        /**
         * @param value packets and frames sent; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder messagesOut(long value) {
            this.messagesOut = check("messagesOut", value);
            return this;
        }

        /**
         * @param value bytes received; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder bytesIn(long value) {
            this.bytesIn = check("bytesIn", value);
            return this;
        }

        /**
         * @param value bytes sent; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder bytesOut(long value) {
            this.bytesOut = check("bytesOut", value);
            return this;
        }

        /**
         * @param value inbound packets or frames dropped as malformed, truncated, oversized or from a
         *     foreign protocol version; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder dropped(long value) {
            this.dropped = check("dropped", value);
            return this;
        }

        /**
         * @param value inbound packets or frames rejected by the label, signature or seal checks: the
         *     sum of the causes {@link #rejectedMissingTag()}, {@link #rejectedBadTag()},
         *     {@link #rejectedUnknownKey()}, {@link #rejectedReplay()}, {@link #rejectedLabel()},
         *     {@link #rejectedUnsealed()} and {@link #rejectedSealed()}; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejected(long value) {
            this.rejected = check("rejected", value);
            return this;
        }

        /**
         * @param value protocol messages of an unknown type, skipped (a newer peer); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder unknownMessages(long value) {
            this.unknownMessages = check("unknownMessages", value);
            return this;
        }

        /**
         * @param value probes sent; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probes(long value) {
            this.probes = check("probes", value);
            return this;
        }

        /**
         * @param value probes that got no ack, direct or indirect; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeFailures(long value) {
            this.probeFailures = check("probeFailures", value);
            return this;
        }

        /**
         * @param value members this node suspected after a failed probe; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder suspicions(long value) {
            this.suspicions = check("suspicions", value);
            return this;
        }

        /**
         * @param value suspicions about this node that it refuted; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder refutations(long value) {
            this.refutations = check("refutations", value);
            return this;
        }

        /**
         * @param value the Lifeguard local health score: 0 is healthy; higher stretches this
         *     node's own timeouts; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder healthScore(int value) {
            this.healthScore = check("healthScore", value);
            return this;
        }

        /**
         * @param value rejected: unsigned (or too short to hold a trailer), sent to a node
         *     that signs; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedMissingTag(long value) {
            this.rejectedMissingTag = check("rejectedMissingTag", value);
            return this;
        }

        /**
         * @param value rejected: the tag does not match (tampered or forged), or a signed message
         *     reached a node with no secret, which cannot check it; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedBadTag(long value) {
            this.rejectedBadTag = check("rejectedBadTag", value);
            return this;
        }

        /**
         * @param value rejected: the key id names no key this node holds (another secret or
         *     cluster label, or a key removed); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedUnknownKey(long value) {
            this.rejectedUnknownKey = check("rejectedUnknownKey", value);
            return this;
        }

        /**
         * @param value rejected: correctly signed, but already received or outside the time window; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedReplay(long value) {
            this.rejectedReplay = check("rejectedReplay", value);
            return this;
        }

        /**
         * @param value rejected: traffic of another cluster label, or labelled traffic to a node without a label (and the other way round): another cluster on the same network; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedLabel(long value) {
            this.rejectedLabel = check("rejectedLabel", value);
            return this;
        }

        /**
         * @param value rejected: signed or plain traffic to a node whose encryption mode accepts only sealed traffic (ON); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedUnsealed(long value) {
            this.rejectedUnsealed = check("rejectedUnsealed", value);
            return this;
        }

        /**
         * @param value rejected: sealed traffic to a node that cannot open it (no secret, or a signer that only signs: no io.chorus:chorus-security-aes) or does not accept it yet (encryption OFF); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedSealed(long value) {
            this.rejectedSealed = check("rejectedSealed", value);
            return this;
        }

        /**
         * @param value messages, requests and replies received from other members (see
         *     {@link Cluster#send}), before any handler ran; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder userMessagesIn(long value) {
            this.userMessagesIn = check("userMessagesIn", value);
            return this;
        }

        /**
         * @param value messages, requests and replies sent to other members; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder userMessagesOut(long value) {
            this.userMessagesOut = check("userMessagesOut", value);
            return this;
        }

        /**
         * @param value user events delivered to this node's listeners (see {@link Cluster#broadcast}); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder userEvents(long value) {
            this.userEvents = check("userEvents", value);
            return this;
        }

        /**
         * @param value user messages refused: for lack of room (a full local queue, and the caller
         *     got an exception; or a full handler queue on arrival), or one-way messages for a topic with no
         *     handler here; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder userRejected(long value) {
            this.userRejected = check("userRejected", value);
            return this;
        }

        /**
         * @param value direct probes answered whose round-trip time was measured; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttCount(long value) {
            this.probeRttCount = check("probeRttCount", value);
            return this;
        }

        /**
         * @param value the sum of those round-trip times, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttSumMicros(long value) {
            this.probeRttSumMicros = check("probeRttSumMicros", value);
            return this;
        }

        /**
         * @param value the median round-trip time of a direct probe over the last one to two minutes, in microseconds; 0 with none; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttP50Micros(long value) {
            this.probeRttP50Micros = check("probeRttP50Micros", value);
            return this;
        }

        /**
         * @param value the 90th percentile of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttP90Micros(long value) {
            this.probeRttP90Micros = check("probeRttP90Micros", value);
            return this;
        }

        /**
         * @param value the 99th percentile of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttP99Micros(long value) {
            this.probeRttP99Micros = check("probeRttP99Micros", value);
            return this;
        }

        /**
         * @param value the largest of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder probeRttMaxMicros(long value) {
            this.probeRttMaxMicros = check("probeRttMaxMicros", value);
            return this;
        }

        /**
         * @param value probe rounds whose direct ping went unanswered in time, so that other members were asked to probe (ping-req); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder indirectProbes(long value) {
            this.indirectProbes = check("indirectProbes", value);
            return this;
        }

        /**
         * @param value members this node held SUSPECT that came back ALIVE: the suspect refuted, so the suspicion was false; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder suspicionsRefuted(long value) {
            this.suspicionsRefuted = check("suspicionsRefuted", value);
            return this;
        }

        /**
         * @param value times another member became DEAD in this node's view; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder deaths(long value) {
            this.deaths = check("deaths", value);
            return this;
        }

        /**
         * @param value times another member became LEFT in this node's view (a graceful leave); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder leaves(long value) {
            this.leaves = check("leaves", value);
            return this;
        }

        /**
         * @param value of {@link #messagesIn()}, the frames (streams); the rest are packets; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder framesIn(long value) {
            this.framesIn = check("framesIn", value);
            return this;
        }

        /**
         * @param value of {@link #messagesOut()}, the frames (streams); the rest are packets; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder framesOut(long value) {
            this.framesOut = check("framesOut", value);
            return this;
        }

        /**
         * @param value of {@link #bytesIn()}, the bytes of frames; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder frameBytesIn(long value) {
            this.frameBytesIn = check("frameBytesIn", value);
            return this;
        }

        /**
         * @param value of {@link #bytesOut()}, the bytes of frames; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder frameBytesOut(long value) {
            this.frameBytesOut = check("frameBytesOut", value);
            return this;
        }

        /**
         * @param value membership updates waiting in the gossip queue to be piggybacked (a gauge, not a count); not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder gossipQueued(long value) {
            this.gossipQueued = check("gossipQueued", value);
            return this;
        }

        /**
         * @param value requests this node sent (see {@link Cluster#request}) that have ended: answered, or failed; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requests(long value) {
            this.requests = check("requests", value);
            return this;
        }

        /**
         * @param value of those, the ones that failed: no reply in time, the member gone, refused or its handler failed; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestFailures(long value) {
            this.requestFailures = check("requestFailures", value);
            return this;
        }

        /**
         * @param value the time from each of those requests sent to its end, summed, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestLatencySumMicros(long value) {
            this.requestLatencySumMicros = check("requestLatencySumMicros", value);
            return this;
        }

        /**
         * @param value the median time from a request sent to its end over the last one to two minutes, in microseconds; 0 with none; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestLatencyP50Micros(long value) {
            this.requestLatencyP50Micros = check("requestLatencyP50Micros", value);
            return this;
        }

        /**
         * @param value the 90th percentile of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestLatencyP90Micros(long value) {
            this.requestLatencyP90Micros = check("requestLatencyP90Micros", value);
            return this;
        }

        /**
         * @param value the 99th percentile of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestLatencyP99Micros(long value) {
            this.requestLatencyP99Micros = check("requestLatencyP99Micros", value);
            return this;
        }

        /**
         * @param value the largest of the same, in microseconds; not negative
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder requestLatencyMaxMicros(long value) {
            this.requestLatencyMaxMicros = check("requestLatencyMaxMicros", value);
            return this;
        }

        /** @return the counters set so far */
        public ClusterStats build() {
            return new ClusterStats(this);
        }

        private static long check(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException("ClusterStats." + name + " = " + value + ": a counter is never negative");
            }
            return value;
        }

        private static int check(String name, int value) {
            return (int) check(name, (long) value);
        }
    }
}
