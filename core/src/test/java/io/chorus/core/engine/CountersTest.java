package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
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
    void trafficIsCountedInMessagesAndBytesWithFramesApart() {
        Counters c = new Counters();
        c.sent(100);
        c.sentFrame(20);
        c.received(7, Header.Channel.PACKET);
        c.received(9, Header.Channel.STREAM);
        assertEquals(2, c.messagesOut);
        assertEquals(120, c.bytesOut);
        assertEquals(1, c.framesOut);
        assertEquals(20, c.frameBytesOut);
        assertEquals(2, c.messagesIn);
        assertEquals(16, c.bytesIn);
        assertEquals(1, c.framesIn);
        assertEquals(9, c.frameBytesIn);
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
        c.indirectProbes = 17;
        c.suspicionsRefuted = 18;
        c.deaths = 19;
        c.leaves = 20;
        c.framesIn = 21;
        c.framesOut = 22;
        c.frameBytesIn = 23;
        c.frameBytesOut = 24;
        assertEquals(ClusterStats.builder().alive(1).suspect(1).dead(2).left(1).messagesIn(1).messagesOut(2).bytesIn(3)
                .bytesOut(4).dropped(5).rejected(6).unknownMessages(7).probes(8).probeFailures(9).suspicions(10)
                .refutations(11).healthScore(3).rejectedMissingTag(12).rejectedBadTag(13).rejectedUnknownKey(14)
                .rejectedReplay(15).userEvents(16).indirectProbes(17).suspicionsRefuted(18).deaths(19).leaves(20)
                .framesIn(21).framesOut(22).frameBytesIn(23).frameBytesOut(24).gossipQueued(25).build(),
                c.stats(n.table, 3, 25, TestNode.START));
    }
}
