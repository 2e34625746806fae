package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GossipQueueTest {
    private static final int AMPLE = 1400;

    private final PeerInterner interner = new PeerInterner();
    private final Codec codec = new Codec(interner, null);
    private final Peer self = peer("self");
    private final Peer suspector = peer("s");

    /** One decoded update. */
    record Update(MemberState kind, String name, long inc) {
    }

    // ------------------------------------------------------------------ one update per member

    @Test
    void aNewerEnqueueReplacesThePendingUpdate() {
        GossipQueue q = new GossipQueue(16);
        Peer a = peer("a");
        alive(q, a, 1);
        suspect(q, a, 1);
        assertEquals(1, q.size());
        assertEquals(List.of(new Update(MemberState.SUSPECT, "a", 1)), fill(q, AMPLE, 8));
        dead(q, a, 1);
        alive(q, a, 2);
        assertEquals(1, q.size());
        assertEquals(List.of(new Update(MemberState.ALIVE, "a", 2)), fill(q, AMPLE, 8));
    }

    @Test
    void aNewerEnqueueStartsItsTransmissionsAfresh() {
        GossipQueue q = new GossipQueue(16);
        Peer a = peer("a");
        alive(q, a, 1);
        fill(q, AMPLE, 8);
        fill(q, AMPLE, 8);
        assertEquals(2, q.transmits("a"));
        suspect(q, a, 1);
        assertEquals(0, q.transmits("a"));
        assertEquals(-1, q.transmits("nobody"));
    }

    // ------------------------------------------------------------------ order

    @Test
    void deathAndLeaveFirstThenSuspicionAndAliveThenTags() {
        GossipQueue q = new GossipQueue(16);
        q.enqueue(GossipQueue.PRIO_TAGS, MemberState.ALIVE, peer("t"), 3, null, Tags.of(Map.of("k", "v")), null);
        alive(q, peer("a"), 1);
        suspect(q, peer("s1"), 1);
        dead(q, peer("d"), 1);
        q.enqueue(GossipQueue.PRIO_DEATH, MemberState.LEFT, peer("l"), 1, null, null, null);
        List<Update> got = fill(q, AMPLE, 8);
        assertEquals(List.of(
                new Update(MemberState.LEFT, "l", 1),
                new Update(MemberState.DEAD, "d", 1),
                new Update(MemberState.SUSPECT, "s1", 1),
                new Update(MemberState.ALIVE, "a", 1),
                new Update(MemberState.ALIVE, "t", 3)), got, "priority first, newest first within a priority");
    }

    @Test
    void aHigherPriorityUpdateGoesFirstEvenWhenOnlyOneFits() {
        GossipQueue q = new GossipQueue(16);
        Peer a = peer("a");
        Peer b = peer("b");
        alive(q, a, 1);
        dead(q, b, 1);
        int one = header() + Codec.updateSize(MemberState.DEAD, b, 1, suspector, null);
        assertEquals(List.of(new Update(MemberState.DEAD, "b", 1)), fill(q, one, 8));
    }

    @Test
    void fewestTransmissionsFirst() {
        GossipQueue q = new GossipQueue(64);
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Peer p = peer("m" + i);
            peers.add(p);
            alive(q, p, 1);
        }
        // one update fits per packet: after any number of packets the counts differ by at most one
        int one = header() + Codec.updateSize(MemberState.ALIVE, peers.get(0), 1, null, Tags.EMPTY);
        for (int round = 0; round < 30; round++) {
            assertEquals(1, fill(q, one, 20).size());
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (Peer p : peers) {
                min = Math.min(min, q.transmits(p.name()));
                max = Math.max(max, q.transmits(p.name()));
            }
            assertTrue(max - min <= 1, "round " + round + ": transmissions range from " + min + " to " + max);
        }
        // a fresh update jumps the queue
        Peer fresh = peer("mf");
        alive(q, fresh, 1);
        assertEquals(List.of(new Update(MemberState.ALIVE, "mf", 1)), fill(q, one, 20));
    }

    // ------------------------------------------------------------------ retransmit limit

    @Test
    void eachUpdateIsSentExactlyUpToTheRetransmitLimit() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        suspect(q, peer("b"), 4);
        for (int round = 1; round <= 3; round++) {
            assertEquals(2, fill(q, AMPLE, 3).size(), "round " + round);
            if (round < 3) {
                assertEquals(round, q.transmits("a"));
                assertEquals(2, q.size());
            }
        }
        assertTrue(q.isEmpty());
        assertEquals(-1, q.transmits("a"));
        assertEquals(List.of(), fill(q, AMPLE, 3));
    }

    @Test
    void aLowerLimitDropsWhatWasSentEnough() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        for (int i = 0; i < 3; i++) {
            fill(q, AMPLE, 10);
        }
        alive(q, peer("b"), 1);
        assertEquals(List.of(new Update(MemberState.ALIVE, "b", 1)), fill(q, AMPLE, 2), "a was sent 3 times, the limit is now 2");
        assertEquals(-1, q.transmits("a"));
        assertEquals(1, q.size());
    }

    @Test
    void theLimitIsCappedAtMaxTransmits() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        int sent = 0;
        while (!fill(q, AMPLE, 1_000).isEmpty()) {
            sent++;
        }
        assertEquals(GossipQueue.MAX_TRANSMITS, sent);
    }

    @Test
    void aZeroLimitSendsNothing() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        assertEquals(List.of(), fill(q, AMPLE, 0));
    }

    // ------------------------------------------------------------------ capacity

    @Test
    void overCapacityTheOldestLowestPriorityUpdateIsEvicted() {
        GossipQueue q = new GossipQueue(3);
        dead(q, peer("d"), 1);
        alive(q, peer("a"), 1);
        q.enqueue(GossipQueue.PRIO_TAGS, MemberState.ALIVE, peer("t1"), 1, null, Tags.EMPTY, null);
        q.enqueue(GossipQueue.PRIO_TAGS, MemberState.ALIVE, peer("t2"), 1, null, Tags.EMPTY, null);
        assertEquals(3, q.size());
        assertEquals(-1, q.transmits("t1"));
        assertEquals(List.of(new Update(MemberState.DEAD, "d", 1), new Update(MemberState.ALIVE, "a", 1), new Update(MemberState.ALIVE, "t2", 1)),
                fill(q, AMPLE, 8));
    }

    @Test
    void overCapacityTheMostSentUpdateOfTheLowestPriorityIsEvicted() {
        GossipQueue q = new GossipQueue(2);
        alive(q, peer("a"), 1);
        fill(q, AMPLE, 8);
        alive(q, peer("b"), 1);
        alive(q, peer("c"), 1);
        assertEquals(2, q.size());
        assertEquals(-1, q.transmits("a"), "a had been sent once, b and c never");
        assertEquals(0, q.transmits("b"));
        assertEquals(0, q.transmits("c"));
    }

    @Test
    void overCapacityAFreshLowPriorityUpdateOutlivesAWellTravelledHighPriorityOne() {
        GossipQueue q = new GossipQueue(2);
        alive(q, peer("a"), 1);
        alive(q, peer("b"), 1);
        fill(q, AMPLE, 8);
        fill(q, AMPLE, 8);
        q.enqueue(GossipQueue.PRIO_TAGS, MemberState.ALIVE, peer("t"), 2, null, Tags.EMPTY, null);
        assertEquals(2, q.size());
        assertEquals(0, q.transmits("t"), "a tag change no member has heard yet is kept");
        assertEquals(1, (q.transmits("a") == -1 ? 1 : 0) + (q.transmits("b") == -1 ? 1 : 0), "one of the twice-sent updates went");
    }

    @Test
    void replacingAnUpdateDoesNotCountAgainstCapacity() {
        GossipQueue q = new GossipQueue(2);
        alive(q, peer("a"), 1);
        alive(q, peer("b"), 1);
        for (int inc = 2; inc < 10; inc++) {
            alive(q, peer("a"), inc);
        }
        assertEquals(2, q.size());
        assertEquals(0, q.transmits("b"));
    }

    @Test
    void sizeNeverExceedsCapacity() {
        SplittableRandom rnd = new SplittableRandom(7);
        GossipQueue q = new GossipQueue(10);
        for (int i = 0; i < 2_000; i++) {
            Peer p = peer("m" + rnd.nextInt(40));
            q.enqueue(rnd.nextInt(3), MemberState.ALIVE, p, i, null, Tags.EMPTY, null);
            assertTrue(q.size() <= 10);
            if (rnd.nextInt(10) == 0) {
                fill(q, header() + rnd.nextInt(200), 5);
            }
        }
    }

    // ------------------------------------------------------------------ fill

    @Test
    void theBuddyUpdateIsSkippedAndNotCounted() {
        GossipQueue q = new GossipQueue(16);
        suspect(q, peer("a"), 1);
        alive(q, peer("b"), 1);
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        assertEquals(1, q.fill(w, AMPLE, 8, "a"));
        assertEquals(List.of(new Update(MemberState.ALIVE, "b", 1)), decode(w));
        assertEquals(0, q.transmits("a"));
        assertEquals(1, q.transmits("b"));
    }

    @Test
    void removeForgetsTheMember() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        alive(q, peer("b"), 1);
        q.remove("a");
        q.remove("nobody");
        assertEquals(1, q.size());
        assertEquals(List.of(new Update(MemberState.ALIVE, "b", 1)), fill(q, AMPLE, 8));
    }

    @Test
    void fillNeverWritesPastTheBudgetAndLeavesNothingThatWouldHaveFit() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int trial = 0; trial < 300; trial++) {
            GossipQueue q = new GossipQueue(1_000);
            Map<String, Integer> sizes = new HashMap<>();
            int members = 1 + rnd.nextInt(200);
            for (int i = 0; i < members; i++) {
                Peer p = peer("m" + rnd.nextInt(300) + "x".repeat(rnd.nextInt(40)));
                long inc = rnd.nextLong(1L << 40);
                MemberState kind = MemberState.values()[rnd.nextInt(4)];
                Tags tags = kind == MemberState.ALIVE ? randomTags(rnd) : null;
                Peer from = kind == MemberState.SUSPECT || kind == MemberState.DEAD ? suspector : null;
                int prio = kind.compareTo(MemberState.DEAD) >= 0 ? GossipQueue.PRIO_DEATH : rnd.nextInt(2) + 1;
                q.enqueue(prio, kind, p, inc, from, tags, kind == MemberState.DEAD ? FailureReason.PROBE_TIMEOUT : null);
                sizes.put(p.name(), Codec.updateSize(kind, p, inc, from, tags));
            }
            for (int round = 0; round < 5 && !q.isEmpty(); round++) {
                int budget = header() + rnd.nextInt(1_400);
                WireWriter w = new WireWriter(16);
                codec.begin(w, self, 0, 0);
                int n = q.fill(w, budget, 4, null);
                assertTrue(w.position() <= budget, "trial " + trial + ": wrote to " + w.position()
                        + " past the budget " + budget);
                List<Update> got = decode(w);
                assertEquals(n, got.size());
                int left = budget - w.position();
                if (left >= 11) {
                    for (String name : sizes.keySet()) {
                        int t = q.transmits(name);
                        boolean written = got.stream().anyMatch(u -> u.name().equals(name));
                        if (t >= 0 && !written) {
                            assertTrue(sizes.get(name) > left, "trial " + trial + ": " + name + " (" + sizes.get(name)
                                    + " bytes) was left out with " + left + " bytes free");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBudgetBelowTheHeaderWritesNothing() {
        GossipQueue q = new GossipQueue(16);
        alive(q, peer("a"), 1);
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        int before = w.position();
        assertEquals(0, q.fill(w, before - 1, 8, null));
        assertEquals(before, w.position());
        assertEquals(0, q.transmits("a"));
    }

    // ------------------------------------------------------------------ helpers

    private Peer peer(String name) {
        return interner.intern(NodeId.parse(name + "@10.0.0.1:7946"));
    }

    private static Tags randomTags(SplittableRandom rnd) {
        int n = rnd.nextInt(4);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "v".repeat(rnd.nextInt(60)));
        }
        return Tags.of(m);
    }

    private void alive(GossipQueue q, Peer p, long inc) {
        q.enqueue(GossipQueue.PRIO_STATE, MemberState.ALIVE, p, inc, null, Tags.EMPTY, null);
    }

    private void tags(GossipQueue q, Peer p, long inc) {
        q.enqueue(GossipQueue.PRIO_TAGS, MemberState.ALIVE, p, inc, null, Tags.EMPTY, null);
    }

    private void suspect(GossipQueue q, Peer p, long inc) {
        q.enqueue(GossipQueue.PRIO_STATE, MemberState.SUSPECT, p, inc, suspector, null, null);
    }

    private void dead(GossipQueue q, Peer p, long inc) {
        q.enqueue(GossipQueue.PRIO_DEATH, MemberState.DEAD, p, inc, suspector, null, FailureReason.PROBE_TIMEOUT);
    }

    private int header() {
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        return w.position();
    }

    private List<Update> fill(GossipQueue q, int budget, int limit) {
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        int n = q.fill(w, budget, limit, null);
        assertTrue(w.position() <= budget, "wrote " + w.position() + " bytes, budget " + budget);
        List<Update> got = decode(w);
        assertEquals(n, got.size());
        return got;
    }

    private List<Update> decode(WireWriter w) {
        List<Update> got = new ArrayList<>();
        MessageVisitor v = new MessageVisitor() {
            @Override
            public void ping(Header h, int seq, Peer target) {
                fail("ping");
            }

            @Override
            public void ack(Header h, int seq) {
                fail("ack");
            }

            @Override
            public void nack(Header h, int seq) {
                fail("nack");
            }

            @Override
            public void pingReq(Header h, int seq, Peer target) {
                fail("ping-req");
            }

            @Override
            public void alive(Header h, Peer member, long incarnation, TagsReader tags) throws CodecException {
                tags.read(null);
                got.add(new Update(MemberState.ALIVE, member.name(), incarnation));
            }

            @Override
            public void suspect(Header h, Peer member, long incarnation, Peer from) {
                got.add(new Update(MemberState.SUSPECT, member.name(), incarnation));
            }

            @Override
            public void dead(Header h, Peer member, long incarnation, Peer from, FailureReason reason) {
                got.add(new Update(MemberState.DEAD, member.name(), incarnation));
            }

            @Override
            public void left(Header h, Peer member, long incarnation) {
                got.add(new Update(MemberState.LEFT, member.name(), incarnation));
            }

            @Override
            public void sync(Header h, int flags, SyncReader entries) {
                fail("sync");
            }

            @Override
            public void digest(Header h, Digest digest) {
                fail("digest");
            }

            @Override
            public void unknown(Header h, int type) {
                fail("unknown type " + type);
            }

            @Override
            public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off,
                    int len) {
                fail("user event");
            }
        };
        assertEquals(Codec.Outcome.OK, codec.decode(w.buffer(), 0, w.position(), v), codec.lastError());
        return got;
    }
}
