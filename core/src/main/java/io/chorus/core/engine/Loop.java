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

    /** @param task what to run on the loop as soon as possible; callable from any thread */
    void execute(Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run. */
        void cancel();
    }
}
