package io.chorus.core.engine;

import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;

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
    long suspicions;
    long refutations;
    long userEventsDelivered;

    /** @param length bytes of a packet or frame sent */
    void sent(int length) {
        messagesOut++;
        bytesOut += length;
    }

    /** @param length bytes of a packet or frame received */
    void received(int length) {
        messagesIn++;
        bytesIn += length;
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
     * @return the counters as the api reports them (the messaging layer adds its own)
     */
    ClusterStats stats(MemberTable table, int healthScore) {
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
                .build();
    }
}
