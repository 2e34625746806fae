package io.chorus.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.core.engine.Loop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread loop's ordering, cancelling and timer recycling; no test depends on how long anything takes. */
class ThreadLoopTest {
    /** Long enough to mean "never" within a test; only ever used for liveness waits. */
    private static final long WAIT_S = 30;
    private static final long LATER = TimeUnit.HOURS.toNanos(1);

    private final ThreadLoop loop = new ThreadLoop("test");
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdown();
        assertTrue(loop.awaitTermination(TimeUnit.SECONDS.toMillis(WAIT_S)));
    }

    /** Holds the loop in a task until {@link #release()}; tasks submitted meanwhile stay pending. */
    private final CountDownLatch hold = new CountDownLatch(1);

    private void block() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        loop.execute(() -> {
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(entered.await(WAIT_S, TimeUnit.SECONDS));
    }

    private void release() {
        hold.countDown();
    }

    /** Waits until every task submitted so far has run. */
    private void drain() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertTrue(done.await(WAIT_S, TimeUnit.SECONDS));
    }

    private Runnable note(String name) {
        return () -> ran.add(name);
    }

    @Test
    void tasksDueTogetherRunInTheOrderTheyCame() throws InterruptedException {
        block();
        loop.schedule(0, note("a"));
        loop.execute(note("b"));
        loop.schedule(0, note("c"));
        release();
        drain();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void aCancelledTimerNeverRunsAndIsRecycled() throws InterruptedException {
        block();
        Loop.Timer first = loop.schedule(0, note("cancelled"));
        first.cancel();
        Loop.Timer again = loop.reschedule(first, 0, note("again"));
        assertSame(first, again);
        release();
        drain();
        assertEquals(List.of("again"), ran);
    }

    @Test
    void aTimerThatRanIsRecycled() throws InterruptedException {
        Loop.Timer first = loop.schedule(0, note("first"));
        drain();
        Loop.Timer second = loop.reschedule(first, 0, note("second"));
        assertSame(first, second);
        drain();
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void aPendingTimerIsNotRecycledAndBothRun() throws InterruptedException {
        block();
        Loop.Timer first = loop.schedule(0, note("first"));
        Loop.Timer second = loop.reschedule(first, 0, note("second"));
        assertNotSame(first, second);
        release();
        drain();
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void anEarlierTaskRunsBeforeALaterOne() throws InterruptedException {
        block();
        Loop.Timer later = loop.schedule(LATER, note("later"));
        loop.schedule(0, note("now"));
        release();
        drain();
        assertEquals(List.of("now"), ran);
        later.cancel();
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws InterruptedException {
        loop.execute(() -> {
            throw new IllegalStateException("a bug in one task (expected by the test)");
        });
        loop.execute(note("next"));
        drain();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void afterShutdownNothingRuns() throws InterruptedException {
        block();
        loop.schedule(0, note("pending"));
        loop.shutdown();
        release();
        assertTrue(loop.awaitTermination(TimeUnit.SECONDS.toMillis(WAIT_S)));
        loop.execute(note("late"));
        loop.reschedule(null, 0, note("late"));
        assertEquals(List.of(), ran);
    }

    @Test
    void tasksRunOnTheLoopThread() throws InterruptedException {
        loop.execute(() -> ran.add(String.valueOf(loop.inLoop())));
        drain();
        assertEquals(List.of("true"), ran);
        assertEquals(false, loop.inLoop());
    }
}
