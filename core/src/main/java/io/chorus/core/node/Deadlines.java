package io.chorus.core.node;

import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Request deadlines, checked every {@link #TICK_NS} by one sweeper thread while any is pending.
 * Adding or removing a deadline wakes no thread: a scheduled executor wakes its thread whenever a
 * new earliest deadline arrives, which with one request in flight is every request, and that
 * wake-up cost more than the rest of a loopback round trip's bookkeeping. A deadline fires up to
 * one tick late. The thread starts with the first deadline and parks while none is pending.
 *
 * @param <T> what carries a deadline
 */
final class Deadlines<T extends Deadlines.Timed> {
    /** How often pending deadlines are checked. */
    static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Something with a deadline and an id unique among those pending (it breaks ties). */
    interface Timed {
        /** @return the deadline, in {@link System#nanoTime()} */
        long deadline();

        /** @return an id unique among pending ones */
        long id();
    }

    private final ConcurrentSkipListSet<T> pending = new ConcurrentSkipListSet<>(
            Comparator.<T>comparingLong(Timed::deadline).thenComparingLong(Timed::id));
    private final Consumer<T> expired;
    private final String threadName;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean parked;
    private volatile boolean stopped;

    /**
     * @param threadName the sweeper thread's name
     * @param expired runs on the sweeper thread for each deadline that passed (already removed)
     */
    Deadlines(String threadName, Consumer<T> expired) {
        this.threadName = threadName;
        this.expired = expired;
    }

    void add(T t) {
        pending.add(t);
        if (!started.get() && started.compareAndSet(false, true)) {
            Thread th = new Thread(this::run, threadName);
            th.setDaemon(true);
            thread = th;
            th.start();
        } else if (parked) {
            LockSupport.unpark(thread);
        }
    }

    void remove(T t) {
        pending.remove(t);
    }

    /** Stops the sweeper; pending deadlines never fire. */
    void stop() {
        stopped = true;
        Thread th = thread;
        if (th != null) {
            LockSupport.unpark(th);
        }
    }

    private void run() {
        while (!stopped) {
            if (pending.isEmpty()) {
                parked = true;
                if (pending.isEmpty() && !stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            LockSupport.parkNanos(this, TICK_NS);
            long now = System.nanoTime();
            while (!stopped) {
                T first;
                try {
                    first = pending.first();
                } catch (NoSuchElementException empty) {
                    break;
                }
                if (first.deadline() - now > 0) {
                    break;
                }
                if (pending.remove(first)) {
                    try {
                        expired.accept(first);
                    } catch (RuntimeException e) {
                        // the callback fails a future; nothing it throws may stop the sweeper
                        org.slf4j.LoggerFactory.getLogger(Deadlines.class).warn("a request deadline callback failed", e);
                    }
                }
            }
        }
    }
}
