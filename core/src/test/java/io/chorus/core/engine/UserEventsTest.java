package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Recorder.UserEventMsg;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@link UserEvents} driven by hand on virtual time: ordered delivery per origin stream (once, in
 * order, gaps held for the reorder window), coalescing, and the gossip queue (order, retransmit
 * limit, capacity, replacement, big events, clearing).
 */
class UserEventsTest {
    private static final long WINDOW = 5_000_000_000L;
    private static final long PERIOD = 200_000_000L;
    private static final int AMPLE = 1 << 20;
    private static final int LIMIT = 8;
    private static final int ORDERED = 0;
    private static final int COALESCE = Codec.EVENT_COALESCE;

    /** A loop on virtual time: timers run, in due order, only when the test advances the clock. */
    static final class VirtualLoop implements Loop {
        private final PriorityQueue<Task> due = new PriorityQueue<>();
        private long now;
        private long order;

        private final class Task implements Timer, Comparable<Task> {
            final long at;
            final long seq = order++;
            final Runnable run;
            boolean cancelled;

            Task(long at, Runnable run) {
                this.at = at;
                this.run = run;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public int compareTo(Task o) {
                return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
            }
        }

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public Timer schedule(long delayNanos, Runnable task) {
            Task t = new Task(now + delayNanos, task);
            due.add(t);
            return t;
        }

        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        /** Moves the clock forward, running every timer that falls due on the way, at its time. */
        void advance(long ns) {
            long until = now + ns;
            while (!due.isEmpty() && due.peek().at <= until) {
                Task t = due.poll();
                now = t.at;
                if (!t.cancelled) {
                    t.run.run();
                }
            }
            now = until;
        }

        /** @return timers neither run nor cancelled */
        long pending() {
            return due.stream().filter(t -> !t.cancelled).count();
        }
    }

    private final VirtualLoop loop = new VirtualLoop();
    private final List<UserEvents.Delivery> delivered = new ArrayList<>();
    private int ownDone;
    private final PeerInterner interner = new PeerInterner();
    private final Codec codec = new Codec(interner, null);
    private final Peer self = peer("self");
    private final Peer a = peer("a");
    private final Peer b = peer("b");

    private Peer peer(String name) {
        return interner.intern(NodeId.parse(name + "@10.0.0.1:7946"));
    }

    private UserEvents events(long coalescePeriodNs) {
        return new UserEvents(loop, WINDOW, coalescePeriodNs, delivered::add, () -> ownDone++);
    }

    private static byte[] payload(long seq) {
        return ("e" + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean accept(UserEvents ue, Peer origin, long stream, long seq) {
        return ue.accept(origin.id(), stream, seq, seq, ORDERED, "t", payload(seq));
    }

    /** @return the sequence numbers of the payloads delivered so far (as {@link #payload} wrote them), then forgets them */
    private List<Long> takeDelivered() {
        List<Long> seqs = delivered.stream().map(d -> Long.parseLong(new String(d.payload(), StandardCharsets.UTF_8).substring(1)))
                .collect(Collectors.toList());
        delivered.clear();
        return seqs;
    }

    private static List<Long> range(long from, long toInclusive) {
        return LongStream.rangeClosed(from, toInclusive).boxed().collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ ordered delivery

    @Test
    void eventsInOrderAreDeliveredAtOnceWithTheirOriginAndTopic() {
        UserEvents ue = events(PERIOD);
        for (long seq = 1; seq <= 5; seq++) {
            assertTrue(ue.accept(a.id(), 7, seq, seq, ORDERED, "topic." + seq, payload(seq)));
        }
        assertEquals(5, delivered.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(a.id(), delivered.get(i).sender());
            assertEquals("topic." + (i + 1), delivered.get(i).topic());
        }
        assertEquals(range(1, 5), takeDelivered());
        assertEquals(0, loop.pending(), "nothing is held, so no timer waits");
        assertEquals(0, ue.gapsGivenUp());
    }

    @Test
    void duplicatesAreNotNewsAndAreNotDeliveredAgain() {
        UserEvents ue = events(PERIOD);
        assertTrue(accept(ue, a, 1, 1));
        assertTrue(accept(ue, a, 1, 2));
        assertFalse(accept(ue, a, 1, 1), "already delivered");
        assertFalse(accept(ue, a, 1, 2), "already delivered");
        assertTrue(accept(ue, a, 1, 4));
        assertFalse(accept(ue, a, 1, 4), "already held");
        assertTrue(accept(ue, a, 1, 3));
        assertFalse(accept(ue, a, 1, 3));
        assertFalse(accept(ue, a, 1, 4));
        assertEquals(range(1, 4), takeDelivered());
        loop.advance(2 * WINDOW);
        assertEquals(List.of(), takeDelivered());
    }

    @Test
    void eventsAheadOfAGapAreHeldUntilItFills() {
        UserEvents ue = events(PERIOD);
        accept(ue, a, 1, 1);
        assertTrue(accept(ue, a, 1, 4));
        assertTrue(accept(ue, a, 1, 3));
        assertTrue(accept(ue, a, 1, 6));
        assertEquals(List.of(1L), takeDelivered());
        loop.advance(WINDOW - 1);
        assertEquals(List.of(), takeDelivered(), "held for the whole window");
        assertTrue(accept(ue, a, 1, 2));
        assertEquals(List.of(2L, 3L, 4L), takeDelivered(), "the gap filled: the held events follow in order");
        assertTrue(accept(ue, a, 1, 5));
        assertEquals(List.of(5L, 6L), takeDelivered());
        assertEquals(0, loop.pending(), "nothing held: the gap timer was cancelled");
        loop.advance(3 * WINDOW);
        assertEquals(List.of(), takeDelivered());
        assertEquals(0, ue.gapsGivenUp());
    }

    @Test
    void aGapIsGivenUpAfterTheReorderWindowAndLaterEventsFlow() {
        UserEvents ue = events(PERIOD);
        accept(ue, a, 1, 1);
        accept(ue, a, 1, 4);
        accept(ue, a, 1, 5);
        loop.advance(WINDOW - 1);
        assertEquals(List.of(1L), takeDelivered());
        assertEquals(0, ue.gapsGivenUp());
        loop.advance(1);
        assertEquals(List.of(4L, 5L), takeDelivered(), "the window passed: 2 and 3 are given up");
        assertEquals(2, ue.gapsGivenUp());
        assertTrue(accept(ue, a, 1, 6));
        assertEquals(List.of(6L), takeDelivered(), "after the gap, events are in order again");
        assertFalse(accept(ue, a, 1, 2), "a given-up event that turns up late is not delivered");
        assertFalse(accept(ue, a, 1, 3));
        assertEquals(List.of(), takeDelivered());
        assertEquals(2, ue.gapsGivenUp());
    }

    @Test
    void eachGapWaitsItsOwnWindow() {
        UserEvents ue = events(PERIOD);
        accept(ue, a, 1, 1);
        accept(ue, a, 1, 3);
        accept(ue, a, 1, 6);
        loop.advance(WINDOW);
        assertEquals(List.of(1L, 3L), takeDelivered(), "the first gap (2) is given up; 6 waits behind 4 and 5");
        assertEquals(1, ue.gapsGivenUp());
        loop.advance(WINDOW - 1);
        assertEquals(List.of(), takeDelivered());
        assertTrue(accept(ue, a, 1, 4));
        assertEquals(List.of(4L), takeDelivered());
        loop.advance(1);
        assertEquals(List.of(6L), takeDelivered());
        assertEquals(2, ue.gapsGivenUp(), "2 and 5");
        assertEquals(0, loop.pending());
    }

    @Test
    void moreThanMaxHeldGivesTheGapUpAtOnce() {
        UserEvents ue = events(PERIOD);
        accept(ue, a, 1, 1);
        long first = 4;
        for (long seq = first; seq < first + UserEvents.MAX_HELD; seq++) {
            assertTrue(accept(ue, a, 1, seq));
        }
        assertEquals(List.of(1L), takeDelivered(), "MAX_HELD events are held");
        assertEquals(0, ue.gapsGivenUp());
        assertTrue(accept(ue, a, 1, first + UserEvents.MAX_HELD));
        assertEquals(range(first, first + UserEvents.MAX_HELD), takeDelivered(), "one more gives the gap up, no waiting");
        assertEquals(2, ue.gapsGivenUp());
        assertEquals(0, loop.pending());
        assertFalse(accept(ue, a, 1, 2));
        assertTrue(accept(ue, a, 1, first + UserEvents.MAX_HELD + 1));
        assertEquals(List.of(first + UserEvents.MAX_HELD + 1), takeDelivered());
    }

    @Test
    void theFirstEventHeardOfAStreamSetsItsStart() {
        UserEvents ue = events(PERIOD);
        assertTrue(accept(ue, a, 1, 40));
        assertEquals(List.of(40L), takeDelivered(), "a node that joins late does not wait for what it never heard");
        assertFalse(accept(ue, a, 1, 39), "before the start");
        assertFalse(accept(ue, a, 1, 1));
        assertTrue(accept(ue, a, 1, 41));
        assertEquals(List.of(41L), takeDelivered());
        assertEquals(0, ue.gapsGivenUp());
    }

    @Test
    void aFirstEventWithALowerLowWaitsForTheEventsStillOnTheirWay() {
        UserEvents ue = events(PERIOD);
        // a relayed event 7 arrives first; its origin had broadcast 5 and 6 within the reorder window
        assertTrue(ue.accept(a.id(), 1, 7, 5, ORDERED, "t", payload(7)));
        assertEquals(List.of(), takeDelivered(), "held behind 5 and 6, which may still be on their way");
        assertTrue(ue.accept(a.id(), 1, 5, 5, ORDERED, "t", payload(5)));
        assertTrue(ue.accept(a.id(), 1, 6, 5, ORDERED, "t", payload(6)));
        assertEquals(List.of(5L, 6L, 7L), takeDelivered());
        // a low above the number (never sent by a sound origin) is ignored: the event starts the stream
        assertTrue(ue.accept(b.id(), 1, 3, 9, ORDERED, "t", payload(3)));
        assertEquals(List.of(3L), takeDelivered());
        assertEquals(0, ue.gapsGivenUp());
    }

    @Test
    void twoStreamsOfOneOriginAreIndependent() {
        UserEvents ue = events(PERIOD);
        accept(ue, a, 1, 5);
        accept(ue, a, 1, 7);
        assertEquals(List.of(5L), takeDelivered());
        // the origin restarted: a new stream, numbered from 1 again
        assertTrue(accept(ue, a, 2, 1));
        assertTrue(accept(ue, a, 2, 2));
        assertEquals(List.of(1L, 2L), takeDelivered(), "the new stream is not held behind the old one's gap");
        assertTrue(accept(ue, a, 2, 4));
        assertTrue(accept(ue, a, 1, 6));
        assertEquals(List.of(6L, 7L), takeDelivered(), "the old stream's gap filled; the new one's is still open");
        assertTrue(accept(ue, a, 2, 3));
        assertEquals(List.of(3L, 4L), takeDelivered());
        // another origin's stream with the same id is a stream of its own
        assertTrue(accept(ue, b, 1, 1));
        assertEquals(List.of(1L), takeDelivered());
        assertEquals(0, ue.gapsGivenUp());
    }

    // ------------------------------------------------------------------ coalescing delivery

    private static boolean coalescing(UserEvents ue, Peer origin, String topic, long seq) {
        return ue.accept(origin.id(), 1, seq, 0, COALESCE, topic, payload(seq));
    }

    @Test
    void onlyTheLatestOfABurstIsDeliveredAfterThePeriod() {
        UserEvents ue = events(PERIOD);
        assertTrue(coalescing(ue, a, "load", 1));
        loop.advance(PERIOD / 2);
        assertTrue(coalescing(ue, a, "load", 3));
        assertFalse(coalescing(ue, a, "load", 2), "older than the latest seen");
        assertTrue(coalescing(ue, a, "load", 4));
        assertFalse(coalescing(ue, a, "load", 4), "a duplicate");
        assertEquals(List.of(), takeDelivered(), "nothing before the period ends");
        loop.advance(PERIOD / 2 - 1);
        assertEquals(List.of(), takeDelivered());
        loop.advance(1);
        assertEquals(1, delivered.size());
        assertEquals("load", delivered.get(0).topic());
        assertEquals(a.id(), delivered.get(0).sender());
        assertEquals(List.of(4L), takeDelivered(), "the period counts from the burst's first event");
        assertFalse(coalescing(ue, a, "load", 3), "older numbers stay ignored after delivery");
        assertTrue(coalescing(ue, a, "load", 9));
        loop.advance(PERIOD);
        assertEquals(List.of(9L), takeDelivered(), "a new burst");
        loop.advance(10 * PERIOD);
        assertEquals(List.of(), takeDelivered());
    }

    @Test
    void coalescingIsPerOriginAndTopicAndApartFromOrderedNumbers() {
        UserEvents ue = events(PERIOD);
        coalescing(ue, a, "x", 2);
        coalescing(ue, a, "y", 1);
        coalescing(ue, b, "x", 1);
        assertTrue(accept(ue, a, 1, 1), "ordered events number apart from coalescing ones");
        assertTrue(accept(ue, a, 1, 2));
        assertEquals(List.of(1L, 2L), takeDelivered(), "ordered events do not wait for the period");
        assertTrue(coalescing(ue, a, "y", 2));
        loop.advance(PERIOD);
        List<String> got = delivered.stream().map(d -> d.sender().name() + "/" + d.topic() + "/"
                + new String(d.payload(), StandardCharsets.UTF_8)).sorted().collect(Collectors.toList());
        assertEquals(List.of("a/x/e2", "a/y/e2", "b/x/e1"), got);
        delivered.clear();
        assertFalse(coalescing(ue, a, "x", 1));
        assertTrue(coalescing(ue, b, "x", 2), "b's numbers are not a's");
    }

    @Test
    void aPeriodOfZeroDeliversEachCoalescingEventAtOnce() {
        UserEvents ue = events(0);
        assertTrue(coalescing(ue, a, "load", 1));
        assertEquals(List.of(1L), takeDelivered());
        assertTrue(coalescing(ue, a, "load", 3));
        assertEquals(List.of(3L), takeDelivered());
        assertFalse(coalescing(ue, a, "load", 2), "older than the latest");
        assertFalse(coalescing(ue, a, "load", 3));
        assertEquals(List.of(), takeDelivered());
        assertEquals(0, loop.pending());
    }

    // ------------------------------------------------------------------ gossip

    private UserEvents.Item item(Peer origin, long seq, int flags, String topic, int payloadBytes, boolean own) {
        byte[] p = new byte[payloadBytes];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        return new UserEvents.Item(origin, 1, seq, seq, flags, topic.getBytes(StandardCharsets.ISO_8859_1), topic, p,
                own ? UserEvents.Whose.OWN : UserEvents.Whose.RELAYED);
    }

    private UserEvents.Item item(long seq, int payloadBytes, boolean own) {
        return item(a, seq, ORDERED, "t", payloadBytes, own);
    }

    private int header() {
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        return w.position();
    }

    /** Fills a packet with {@code room} bytes for events, checks the budget was kept, returns what it holds. */
    private List<UserEventMsg> fillPacket(UserEvents ue, int room, int limit) {
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        int budget = w.position() + room;
        int n = ue.fillPacket(w, budget, limit);
        assertTrue(w.position() <= budget, "wrote " + w.position() + " bytes, budget " + budget);
        List<UserEventMsg> got = decode(w);
        assertEquals(n, got.size());
        return got;
    }

    private List<UserEventMsg> fillFrame(UserEvents ue, int limit) {
        WireWriter w = new WireWriter(64);
        codec.begin(w, self, 0, 0);
        int start = w.position();
        int n = ue.fillFrame(w, limit);
        List<UserEventMsg> got = decode(w);
        assertEquals(n, got.size());
        if (n > 1) {
            assertTrue(w.position() - start <= UserEvents.FRAME_BYTES, "more than one event beyond FRAME_BYTES: " + (w.position() - start));
        }
        return got;
    }

    private List<UserEventMsg> decode(WireWriter w) {
        Recorder r = new Recorder();
        assertEquals(Codec.Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r), codec.lastError());
        List<UserEventMsg> got = new ArrayList<>();
        for (Recorder.Msg m : r.messages()) {
            got.add((UserEventMsg) m);
        }
        return got;
    }

    private static List<Long> seqs(List<UserEventMsg> msgs) {
        return msgs.stream().map(UserEventMsg::seq).collect(Collectors.toList());
    }

    @Test
    void aPacketCarriesEveryFieldOfAnEvent() {
        UserEvents ue = events(PERIOD);
        UserEvents.Item it = new UserEvents.Item(b, 99, 1234, 0, COALESCE, "a.b-c:d_e".getBytes(StandardCharsets.ISO_8859_1), "a.b-c:d_e",
                new byte[] {1, 2, 3}, UserEvents.Whose.RELAYED);
        ue.enqueue(it, AMPLE);
        List<UserEventMsg> got = fillPacket(ue, it.size, LIMIT);
        assertEquals(1, got.size());
        UserEventMsg m = got.get(0);
        assertEquals(b, m.origin());
        assertEquals(99, m.stream());
        assertEquals(1234, m.seq());
        assertEquals(COALESCE, m.flags());
        assertEquals("a.b-c:d_e", m.topic());
        assertArrayEquals(new byte[] {1, 2, 3}, m.payload());
        assertEquals(List.of(), fillPacket(ue, it.size - 1, LIMIT), "one byte short: it does not fit");
    }

    @Test
    void fillPacketWritesTheFewestTransmittedFirst() {
        UserEvents ue = events(PERIOD);
        UserEvents.Item old = item(1, 20, false);
        ue.enqueue(old, AMPLE);
        fillPacket(ue, AMPLE, LIMIT);
        fillPacket(ue, AMPLE, LIMIT);
        UserEvents.Item fresh1 = item(2, 20, false);
        UserEvents.Item fresh2 = item(3, 20, false);
        ue.enqueue(fresh1, AMPLE);
        ue.enqueue(fresh2, AMPLE);
        assertEquals(List.of(3L), seqs(fillPacket(ue, old.size, LIMIT)), "room for one: the newest untransmitted");
        assertEquals(List.of(2L), seqs(fillPacket(ue, old.size, LIMIT)), "then the other untransmitted one");
        assertEquals(List.of(3L), seqs(fillPacket(ue, old.size, LIMIT)), "then those sent once, not the one sent twice");
        assertEquals(List.of(2L), seqs(fillPacket(ue, old.size, LIMIT)));
        assertEquals(3, fillPacket(ue, AMPLE, LIMIT).size());
    }

    @Test
    void fillPacketWritesTheFewestTransmittedFirstWhenTheRoomVaries() {
        // packets have less room for events when membership updates take part of them
        UserEvents ue = events(PERIOD);
        UserEvents.Item large = item(1, 100, false);
        ue.enqueue(large, AMPLE);
        for (int i = 0; i < 3; i++) {
            fillPacket(ue, AMPLE, LIMIT);
        }
        UserEvents.Item small = item(2, 10, false);
        ue.enqueue(small, AMPLE);
        assertEquals(List.of(2L), seqs(fillPacket(ue, small.size, LIMIT)), "only the small one fits");
        assertEquals(List.of(2L), seqs(fillPacket(ue, large.size, LIMIT)),
                "both fit alone, not together: the one sent once goes before the one sent three times");
        assertEquals(List.of(2L), seqs(fillPacket(ue, large.size, LIMIT)), "2 transmissions against 3");
        assertEquals(2, fillPacket(ue, AMPLE, LIMIT).size());
    }

    @Test
    void itemsRetireAtTheRetransmitLimitAndOwnOnesReportDone() {
        UserEvents ue = events(PERIOD);
        ue.enqueue(item(1, 10, true), AMPLE);
        ue.enqueue(item(b, 1, ORDERED, "t", 10, false), AMPLE);
        int limit = 3;
        for (int i = 1; i < limit; i++) {
            assertEquals(2, fillPacket(ue, AMPLE, limit).size());
            assertEquals(0, ownDone);
            assertTrue(ue.hasPending());
        }
        assertEquals(2, fillPacket(ue, AMPLE, limit).size(), "the last transmission");
        assertEquals(1, ownDone, "done runs for the own event only");
        assertEquals(0, ue.size());
        assertFalse(ue.hasPending());
        assertEquals(List.of(), fillPacket(ue, AMPLE, limit));
        assertEquals(1, ownDone);
    }

    @Test
    void pastCapacityTheMostTransmittedIsDropped() {
        UserEvents ue = events(PERIOD);
        ue.enqueue(item(b, 1, ORDERED, "t", 4, true), AMPLE);
        fillPacket(ue, AMPLE, LIMIT);
        fillPacket(ue, AMPLE, LIMIT);
        ue.enqueue(item(a, 1, ORDERED, "t", 4, false), AMPLE);
        fillPacket(ue, AMPLE, LIMIT);
        // b/1 sent 3 times, a/1 once; fill up with fresh ones
        for (long seq = 2; ue.size() < UserEvents.CAPACITY; seq++) {
            ue.enqueue(item(a, seq, ORDERED, "t", 4, false), AMPLE);
        }
        assertEquals(0, ownDone);
        ue.enqueue(item(a, 5000, ORDERED, "t", 4, false), AMPLE);
        assertEquals(UserEvents.CAPACITY, ue.size());
        assertEquals(1, ownDone, "the most transmitted (own) event was dropped");
        List<UserEventMsg> all = fillPacket(ue, AMPLE, LIMIT);
        assertEquals(UserEvents.CAPACITY, all.size());
        assertTrue(all.stream().noneMatch(m -> m.origin().equals(b)), "b's event is gone");
        assertTrue(all.stream().anyMatch(m -> m.seq() == 5000), "the new one is queued");
        assertEquals(1, all.stream().filter(m -> m.seq() == 1).count(), "a/1, sent once, stays");
    }

    @Test
    void aCoalescingEventReplacesTheQueuedOneOfItsOriginAndTopic() {
        UserEvents ue = events(PERIOD);
        ue.enqueue(item(self, 1, COALESCE, "load", 10, true), AMPLE);
        ue.enqueue(item(self, 1, COALESCE, "other", 10, true), AMPLE);
        ue.enqueue(item(b, 1, COALESCE, "load", 10, false), AMPLE);
        ue.enqueue(item(self, 1, ORDERED, "load", 10, true), AMPLE);
        fillPacket(ue, AMPLE, LIMIT);
        assertEquals(4, ue.size());
        ue.enqueue(item(self, 2, COALESCE, "load", 10, true), AMPLE);
        assertEquals(4, ue.size(), "replaced, not added");
        assertEquals(1, ownDone, "the replaced own event is done");
        List<String> got = fillPacket(ue, AMPLE, LIMIT).stream()
                .map(m -> m.origin().name() + "/" + m.topic() + "/" + m.seq() + "/" + m.flags()).sorted().collect(Collectors.toList());
        assertEquals(List.of("b/load/1/1", "self/load/1/0", "self/load/2/1", "self/other/1/1"), got);
        // the replacement is itself replaced; a relayed one's replacement runs no done
        ue.enqueue(item(self, 3, COALESCE, "load", 10, true), AMPLE);
        ue.enqueue(item(b, 2, COALESCE, "load", 10, false), AMPLE);
        assertEquals(2, ownDone);
        assertEquals(4, ue.size());
        got = fillPacket(ue, AMPLE, LIMIT).stream().map(m -> m.origin().name() + "/" + m.topic() + "/" + m.seq()).sorted()
                .collect(Collectors.toList());
        assertEquals(List.of("b/load/2", "self/load/1", "self/load/3", "self/other/1"), got);
    }

    @Test
    void aCoalescingEventRetiredAtTheLimitIsNotReplacedTwice() {
        UserEvents ue = events(PERIOD);
        ue.enqueue(item(self, 1, COALESCE, "load", 10, true), AMPLE);
        fillPacket(ue, AMPLE, 1);
        assertEquals(1, ownDone);
        assertEquals(0, ue.size());
        ue.enqueue(item(self, 2, COALESCE, "load", 10, true), AMPLE);
        assertEquals(1, ownDone, "nothing queued to replace");
        assertEquals(1, ue.size());
        assertEquals(List.of(2L), seqs(fillPacket(ue, AMPLE, LIMIT)));
    }

    @Test
    void bigEventsGoOnlyInFrames() {
        UserEvents ue = events(PERIOD);
        int room = 500;
        UserEvents.Item small = item(1, 100, false);
        UserEvents.Item big = item(2, 1000, true);
        ue.enqueue(small, room);
        ue.enqueue(big, room);
        assertTrue(ue.hasBig());
        assertEquals(List.of(1L), seqs(fillPacket(ue, AMPLE, LIMIT)), "a packet never takes a big event, whatever its room");
        assertEquals(List.of(2L), seqs(fillFrame(ue, LIMIT)), "a frame takes only big events");
        for (int i = 2; i < LIMIT; i++) {
            fillFrame(ue, LIMIT);
        }
        assertEquals(0, ownDone);
        assertEquals(List.of(2L), seqs(fillFrame(ue, LIMIT)));
        assertEquals(1, ownDone);
        assertFalse(ue.hasBig(), "retired at the limit");
        assertEquals(List.of(), fillFrame(ue, LIMIT));
        assertEquals(1, ue.size(), "the small one is still queued");
    }

    @Test
    void aFrameHoldsUpToFrameBytesAndAlwaysAtLeastOneEvent() {
        UserEvents ue = events(PERIOD);
        int room = 1000;
        UserEvents.Item huge = item(1, UserEvents.FRAME_BYTES * 2, false);
        ue.enqueue(huge, room);
        List<UserEventMsg> got = fillFrame(ue, LIMIT);
        assertEquals(List.of(1L), seqs(got), "larger than a frame's budget, still sent alone");
        assertEquals(UserEvents.FRAME_BYTES * 2, got.get(0).payload().length);
        ue.clear();

        int third = UserEvents.FRAME_BYTES / 3 - 100;
        for (long seq = 1; seq <= 4; seq++) {
            ue.enqueue(item(seq, third, false), room);
        }
        assertEquals(3, fillFrame(ue, LIMIT).size(), "three fit in FRAME_BYTES, not four");
        assertEquals(List.of(1L), seqs(fillFrame(ue, LIMIT)).subList(0, 1), "the one left out goes first next");
    }

    @Test
    void clearReportsOwnEventsDone() {
        UserEvents ue = events(PERIOD);
        ue.enqueue(item(self, 1, ORDERED, "t", 10, true), AMPLE);
        ue.enqueue(item(self, 2, COALESCE, "t", 10, true), AMPLE);
        ue.enqueue(item(self, 3, ORDERED, "t", 5000, true), 500);
        ue.enqueue(item(b, 1, ORDERED, "t", 10, false), AMPLE);
        ue.clear();
        assertEquals(3, ownDone, "one per own event, none for relayed ones");
        assertEquals(0, ue.size());
        assertFalse(ue.hasPending());
        assertFalse(ue.hasBig());
        assertEquals(List.of(), fillPacket(ue, AMPLE, LIMIT));
        assertEquals(List.of(), fillFrame(ue, LIMIT));
        ue.enqueue(item(self, 4, COALESCE, "t", 10, true), AMPLE);
        assertEquals(3, ownDone, "the cleared coalescing event is not replaced (and reported) again");
        assertEquals(1, ue.size());
    }
}
