package io.chorus.core.engine;

/**
 * A {@link Loop} on virtual time that a test turns by hand: nothing runs until the test says so.
 * Tasks wait in a {@link TimerHeap}, as on the node's thread loop and in the simulator, so tasks
 * due at the same time run in the order they were scheduled. A cancelled task leaves the heap at
 * once, and {@link #reschedule} recycles a timer that ran or was cancelled, as the thread loop does.
 *
 * <p>The clock only moves forward, and only in {@link #advance}, {@link #runUntil} and
 * {@link #runNext}; each task runs with the clock at its due time. Times compare by their
 * difference, so a clock started near {@link Long#MAX_VALUE} runs across the overflow as
 * {@link System#nanoTime} would.
 */
final class ManualLoop implements Loop {
    /** A task in the heap, or out of it (ran or cancelled) and ready to be armed again. */
    private final class Task extends TimerHeap.Entry implements Timer {
        Runnable run;

        Task(Runnable run) {
            this.run = run;
        }

        @Override
        public void cancel() {
            heap.remove(this);
        }

        ManualLoop owner() {
            return ManualLoop.this;
        }
    }

    private final TimerHeap<Task> heap = new TimerHeap<>(16);
    private long now;
    private long ran;

    /** @param start the clock's first reading */
    ManualLoop(long start) {
        this.now = start;
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        Task t = new Task(task);
        arm(t, delayNanos);
        return t;
    }

    @Override
    public Timer reschedule(Timer previous, long delayNanos, Runnable task) {
        if (previous instanceof Task && ((Task) previous).owner() == this && !((Task) previous).queued()) {
            Task t = (Task) previous;
            t.run = task;
            arm(t, delayNanos);
            return t;
        }
        return schedule(delayNanos, task);
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    private void arm(Task t, long delayNanos) {
        t.time(now + Math.max(0, delayNanos));
        heap.add(t);
    }

    /**
     * Runs every task due by now, in order, including those that the tasks run schedule for now.
     *
     * @return how many ran
     */
    int runDue() {
        return runUntil(now);
    }

    /**
     * Moves the clock forward by {@code nanos}, running each task that comes due on the way at its
     * due time, in order.
     *
     * @param nanos how far
     * @return how many tasks ran
     */
    int advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("the clock does not go back: " + nanos);
        }
        return runUntil(now + nanos);
    }

    /**
     * Runs the tasks due up to {@code time} in order, then leaves the clock at {@code time}.
     *
     * @param time a time not before now
     * @return how many tasks ran
     */
    int runUntil(long time) {
        if (time - now < 0) {
            throw new IllegalArgumentException("the clock does not go back: " + time + " is before " + now);
        }
        int count = 0;
        while (true) {
            Task t = heap.peek();
            if (t == null || t.time() - time > 0) {
                break;
            }
            heap.poll();
            now = t.time();
            ran++;
            count++;
            t.run.run();
        }
        now = time;
        return count;
    }

    /**
     * Moves the clock to the earliest pending task and runs every task due then.
     *
     * @return how many ran (0 when nothing is pending)
     */
    int runNext() {
        Task t = heap.peek();
        return t == null ? 0 : runUntil(t.time());
    }

    /** @return how long from now until the earliest pending task is due, or -1 when none is pending */
    long untilNext() {
        Task t = heap.peek();
        return t == null ? -1 : Math.max(0, t.time() - now);
    }

    /** @return how many tasks are pending */
    int pending() {
        return heap.size();
    }

    /** @return how many tasks have run since the loop was made */
    long tasksRun() {
        return ran;
    }
}
