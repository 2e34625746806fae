package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import org.junit.jupiter.api.Test;

/** {@link Counters}: refused input counted by cause, traffic, and the counters as the api reports them. */
class CountersTest {
    @Test
    void eachRefusalIsCountedByItsCause() {
        Counters c = new Counters();
        c.refused(Codec.Outcome.OK);
        assertEquals(0, c.dropped + c.rejected);
        c.refused(Codec.Outcome.DROPPED);
        c.refused(Codec.Outcome.DROPPED);
        c.refused(Codec.Outcome.MISSING_SIGNATURE);
        c.refused(Codec.Outcome.BAD_SIGNATURE);
        c.refused(Codec.Outcome.UNKNOWN_KEY);
        c.refused(Codec.Outcome.REPLAYED);
        c.refused(Codec.Outcome.REPLAYED);
        assertEquals(2, c.dropped, "malformed input is dropped, not rejected");
        assertEquals(5, c.rejected, "every signature outcome is a rejection");
        assertEquals(1, c.rejectedMissingTag);
        assertEquals(1, c.rejectedBadTag);
        assertEquals(1, c.rejectedUnknownKey);
        assertEquals(2, c.rejectedReplay);
    }

    @Test
    void trafficIsCountedInMessagesAndBytes() {
        Counters c = new Counters();
        c.sent(100);
        c.sent(20);
        c.received(7);
        assertEquals(2, c.messagesOut);
        assertEquals(120, c.bytesOut);
        assertEquals(1, c.messagesIn);
        assertEquals(7, c.bytesIn);
    }

    @Test
    void theStatsReportEveryCounterInItsPlace() {
        TestNode n = TestNode.lan();
        n.add("s", MemberState.SUSPECT, 1);
        n.add("d1", MemberState.DEAD, 1);
        n.add("d2", MemberState.DEAD, 1);
        n.add("l", MemberState.LEFT, 1);
        Counters c = new Counters();
        c.messagesIn = 1;
        c.messagesOut = 2;
        c.bytesIn = 3;
        c.bytesOut = 4;
        c.dropped = 5;
        c.rejected = 6;
        c.unknownMessages = 7;
        c.probes = 8;
        c.probeFailures = 9;
        c.suspicions = 10;
        c.refutations = 11;
        c.rejectedMissingTag = 12;
        c.rejectedBadTag = 13;
        c.rejectedUnknownKey = 14;
        c.rejectedReplay = 15;
        c.userEventsDelivered = 16;
        assertEquals(ClusterStats.builder().alive(1).suspect(1).dead(2).left(1).messagesIn(1).messagesOut(2).bytesIn(3)
                .bytesOut(4).dropped(5).rejected(6).unknownMessages(7).probes(8).probeFailures(9).suspicions(10)
                .refutations(11).healthScore(3).rejectedMissingTag(12).rejectedBadTag(13).rejectedUnknownKey(14)
                .rejectedReplay(15).userEvents(16).build(), c.stats(n.table, 3, TestNode.START));
    }
}
