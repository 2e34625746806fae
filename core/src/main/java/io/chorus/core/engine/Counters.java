package io.chorus.core.engine;

import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;

/** The node's counters since start, kept by the loop and read as {@link ClusterStats}. */
final class Counters {
    long messagesIn;
    long messagesOut;
    long bytesIn;
    long bytesOut;
    long dropped;
    long rejected;
    long rejectedMissingTag;
    long rejectedBadTag;
    long rejectedUnknownKey;
    long rejectedReplay;
    long rejectedLabel;
    long rejectedUnsealed;
    long rejectedSealed;
    long unknownMessages;
    long probes;
    long probeFailures;
    /** Probe rounds that asked others for indirect probes. */
    long indirectProbes;
    long suspicions;
    long refutations;
    /** Members held SUSPECT here that came back ALIVE. */
    long suspicionsRefuted;
    /** Other members that became DEAD, and LEFT, in this node's view. */
    long deaths;
    long leaves;
    /** Of the messages and bytes, those of frames (streams). */
    long framesIn;
    long framesOut;
    long frameBytesIn;
    long frameBytesOut;
    long userEventsDelivered;
    /** Round-trip times of direct probes ({@link Prober}). */
    final LatencyHistogram probeRtt = new LatencyHistogram(LatencyHistogram.WINDOW_NANOS);

    /** @param length bytes of a packet sent */
    void sent(int length) {
        messagesOut++;
        bytesOut += length;
    }

    /** @param length bytes of a frame sent over a stream */
    void sentFrame(int length) {
        sent(length);
        framesOut++;
        frameBytesOut += length;
    }

    /** @param length bytes of a packet or frame received @param channel how it came */
    void received(int length, Header.Channel channel) {
        messagesIn++;
        bytesIn += length;
        if (channel == Header.Channel.STREAM) {
            framesIn++;
            frameBytesIn += length;
        }
    }

    /** @param outcome why input was not decoded: dropped as malformed, or rejected by its signature (by cause) */
    void refused(Codec.Outcome outcome) {
        switch (outcome) {
            case OK:
                break;
            case DROPPED:
                dropped++;
                break;
            case MISSING_SIGNATURE:
                rejected++;
                rejectedMissingTag++;
                break;
            case UNKNOWN_KEY:
                rejected++;
                rejectedUnknownKey++;
                break;
            case REPLAYED:
                rejected++;
                rejectedReplay++;
                break;
            case LABEL:
                rejected++;
                rejectedLabel++;
                break;
            case UNSEALED:
                rejected++;
                rejectedUnsealed++;
                break;
            case SEALED:
                rejected++;
                rejectedSealed++;
                break;
            default:
                rejected++;
                rejectedBadTag++;
                break;
        }
    }

    /**
     * @param table the member table, for the members by state
     * @param healthScore the Lifeguard health score
     * @param gossipQueued updates waiting in the gossip queue
     * @param now the loop's clock, for the round-trip times' window
     * @return the counters as the api reports them (the messaging layer adds its own)
     */
    ClusterStats stats(MemberTable table, int healthScore, int gossipQueued, long now) {
        return ClusterStats.builder()
                .alive(table.count(MemberState.ALIVE))
                .suspect(table.count(MemberState.SUSPECT))
                .dead(table.count(MemberState.DEAD))
                .left(table.count(MemberState.LEFT))
                .messagesIn(messagesIn)
                .messagesOut(messagesOut)
                .bytesIn(bytesIn)
                .bytesOut(bytesOut)
                .dropped(dropped)
                .rejected(rejected)
                .unknownMessages(unknownMessages)
                .probes(probes)
                .probeFailures(probeFailures)
                .suspicions(suspicions)
                .refutations(refutations)
                .healthScore(healthScore)
                .rejectedMissingTag(rejectedMissingTag)
                .rejectedBadTag(rejectedBadTag)
                .rejectedUnknownKey(rejectedUnknownKey)
                .rejectedReplay(rejectedReplay)
                .rejectedLabel(rejectedLabel)
                .rejectedUnsealed(rejectedUnsealed)
                .rejectedSealed(rejectedSealed)
                .userEvents(userEventsDelivered)
                .probeRttCount(probeRtt.count())
                .probeRttSumMicros(probeRtt.sumMicros())
                .probeRttP50Micros(probeRtt.percentileMicros(0.5, now))
                .probeRttP90Micros(probeRtt.percentileMicros(0.9, now))
                .probeRttP99Micros(probeRtt.percentileMicros(0.99, now))
                .probeRttMaxMicros(probeRtt.maxMicros(now))
                .indirectProbes(indirectProbes)
                .suspicionsRefuted(suspicionsRefuted)
                .deaths(deaths)
                .leaves(leaves)
                .framesIn(framesIn)
                .framesOut(framesOut)
                .frameBytesIn(frameBytesIn)
                .frameBytesOut(frameBytesOut)
                .gossipQueued(gossipQueued)
                .build();
    }
}
