package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test harness's {@link ManualLoop}: tasks run at their due time, in order, only when the test turns the loop. */
class ManualLoopTest {
    @Test
    void tasksRunAtTheirDueTimeInOrderOnlyWhenTheClockMoves() {
        ManualLoop loop = new ManualLoop(100);
        List<String> ran = new ArrayList<>();
        loop.schedule(20, () -> ran.add("b@" + loop.nanos()));
        loop.schedule(10, () -> ran.add("a@" + loop.nanos()));
        loop.schedule(20, () -> ran.add("c@" + loop.nanos()));
        loop.execute(() -> ran.add("now@" + loop.nanos()));
        assertEquals(List.of(), ran, "nothing runs by itself");
        assertEquals(1, loop.runDue());
        assertEquals(List.of("now@100"), ran);
        assertEquals(1, loop.advance(15));
        assertEquals(115, loop.nanos());
        assertEquals(5, loop.untilNext());
        assertEquals(2, loop.runNext());
        assertEquals(List.of("now@100", "a@110", "b@120", "c@120"), ran);
        assertEquals(120, loop.nanos());
        assertEquals(-1, loop.untilNext());
        assertEquals(0, loop.runNext());
        assertThrows(IllegalArgumentException.class, () -> loop.advance(-1));
    }

    @Test
    void aTaskThatSchedulesForNowRunsInTheSameTurn() {
        ManualLoop loop = new ManualLoop(0);
        List<String> ran = new ArrayList<>();
        loop.schedule(5, () -> {
            ran.add("first");
            loop.schedule(0, () -> ran.add("second@" + loop.nanos()));
        });
        loop.advance(5);
        assertEquals(List.of("first", "second@5"), ran);
    }

    @Test
    void cancelledTasksNeverRunAndRanTimersAreRecycled() {
        ManualLoop loop = new ManualLoop(0);
        List<String> ran = new ArrayList<>();
        Loop.Timer t = loop.schedule(10, () -> ran.add("cancelled"));
        t.cancel();
        assertEquals(0, loop.pending());
        Loop.Timer again = loop.reschedule(t, 5, () -> ran.add("recycled"));
        assertSame(t, again, "a cancelled timer is recycled");
        Loop.Timer busy = loop.reschedule(again, 7, () -> ran.add("new"));
        assertNotSame(again, busy, "a pending timer is left alone");
        loop.advance(10);
        assertEquals(List.of("recycled", "new"), ran);
        assertEquals(2, loop.tasksRun());
    }

    @Test
    void theClockRunsAcrossTheOverflowOfNanoTime() {
        ManualLoop loop = new ManualLoop(Long.MAX_VALUE - 10);
        List<String> ran = new ArrayList<>();
        loop.schedule(30, () -> ran.add("late"));
        loop.schedule(5, () -> ran.add("early"));
        assertEquals(1, loop.advance(20));
        assertEquals(Long.MIN_VALUE + 9, loop.nanos());
        assertEquals(1, loop.advance(20));
        assertEquals(List.of("early", "late"), ran);
    }
}
