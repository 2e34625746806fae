package io.chorus.core.engine;

/**
 * The clock and scheduler a node runs on: a real thread, or the simulator's virtual time. Every
 * task runs on the node's single protocol loop, one at a time.
 */
public interface Loop {
    /** @return the current time in nanoseconds (monotonic; virtual in the simulator) */
    long nanos();

    /**
     * @param delayNanos how long from now
     * @param task what to run on the loop
     * @return a handle to cancel it
     */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * Schedules a task as {@link #schedule} does, recycling {@code previous} when this loop can: a
     * timer of this loop whose task has run or was cancelled, with nothing of it still pending.
     * A recurring task that keeps its timer in one field and passes it back each time then
     * allocates nothing per run. When {@code previous} is null, still pending, or cannot be
     * recycled, a new timer is made and {@code previous} is left alone, exactly as
     * {@code schedule} would; so behaviour never depends on whether a timer was recycled.
     *
     * <p>The caller must keep no other reference to {@code previous}: once recycled it is the
     * returned timer, and cancelling it cancels the new run. The default recycles nothing.
     *
     * @param previous a timer this loop returned before, or null
     * @param delayNanos how long from now
     * @param task what to run on the loop
     * @return a handle to cancel it: {@code previous} itself when recycled
     */
    default Timer reschedule(Timer previous, long delayNanos, Runnable task) {
        return schedule(delayNanos, task);
    }

    /** @param task what to run on the loop as soon as possible; callable from any thread */
    void execute(Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run. */
        void cancel();
    }
}
