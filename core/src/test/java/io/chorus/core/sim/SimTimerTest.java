package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.chorus.core.engine.Loop;
import io.chorus.core.wire.Header;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulated node's timers: recycled once out of the event queue, never while pending. */
class SimTimerTest {
    private static final long MS = 1_000_000L;

    private final SimNetwork net = new SimNetwork(1, 0, MS);
    private final SimNode node = new SimNode(0, SimNetwork.addressOf(0), net);
    private final List<String> ran = new ArrayList<>();

    private Runnable note(String name) {
        return () -> ran.add(name + "@" + net.now / MS);
    }

    @Test
    void aTimerThatRanIsRecycledAndRunsAgain() {
        Loop.Timer t = node.schedule(5 * MS, note("a"));
        net.run(10 * MS, null);
        assertSame(t, node.reschedule(t, 5 * MS, note("b")));
        net.run(20 * MS, null);
        assertEquals(List.of("a@5", "b@15"), ran);
    }

    @Test
    void aPendingTimerIsNotRecycledAndBothRun() {
        Loop.Timer t = node.schedule(5 * MS, note("a"));
        Loop.Timer u = node.reschedule(t, 7 * MS, note("b"));
        assertNotSame(t, u);
        net.run(10 * MS, null);
        assertEquals(List.of("a@5", "b@7"), ran);
    }

    @Test
    void aCancelledTimerStillQueuedIsNotRecycled() {
        Loop.Timer t = node.schedule(5 * MS, note("a"));
        t.cancel();
        Loop.Timer u = node.reschedule(t, 3 * MS, note("b"));
        assertNotSame(t, u);
        net.run(10 * MS, null);
        assertEquals(List.of("b@3"), ran);
        // popped and skipped: now it can be recycled, and it runs again
        assertSame(t, node.reschedule(t, 1 * MS, note("c")));
        net.run(20 * MS, null);
        assertEquals(List.of("b@3", "c@11"), ran);
    }

    @Test
    void timersDueTogetherRunInTheOrderTheyWereArmed() {
        Loop.Timer t = node.schedule(0, note("a"));
        net.run(0, null);
        node.schedule(5 * MS, note("b"));
        node.reschedule(t, 5 * MS, note("c"));
        node.schedule(5 * MS, note("d"));
        net.run(10 * MS, null);
        assertEquals(List.of("a@0", "b@5", "c@5", "d@5"), ran);
    }

    @Test
    void aDeliveryIsNeverRecycled() {
        SimEvent delivery = new SimEvent(node, new byte[0], Header.Channel.PACKET);
        assertNotSame(delivery, node.reschedule(delivery, 0, note("a")));
    }
}
