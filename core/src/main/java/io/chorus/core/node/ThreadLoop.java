package io.chorus.core.node;

import io.chorus.core.engine.Loop;
import io.chorus.core.engine.TimerHeap;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's protocol loop on one daemon thread, with the system's monotonic clock.
 *
 * <p>Tasks wait in a {@link TimerHeap} (by due time, then by submission, the order the simulator
 * keeps too). A timer is its own heap entry: cancelling it takes it out at once, and
 * {@link #reschedule} puts back a timer that ran or was cancelled, so the protocol's recurring
 * tasks (probe, gossip, ...) allocate nothing per run. The thread starts with the first task and parks until the earliest task is
 * due; a submitter wakes it when its task becomes the earliest.
 */
final class ThreadLoop implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadLoop.class);
    private static final Timer NONE = () -> { };

    private final String name;
    private final Object lock = new Object();
    private final TimerHeap<Entry> heap = new TimerHeap<>(16);
    private boolean shutdown;
    private volatile Thread thread;

    ThreadLoop(String name) {
        this.name = name;
    }

    /** A task in the heap, or out of it (ran or cancelled) and ready to be armed again. */
    private static final class Entry extends TimerHeap.Entry implements Timer {
        final ThreadLoop loop;
        Runnable task;

        Entry(ThreadLoop loop, Runnable task) {
            this.loop = loop;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (loop.lock) {
                loop.heap.remove(this);
            }
        }
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            if (shutdown) {
                return NONE;
            }
            Entry e = new Entry(this, task);
            arm(e, delayNanos);
            return e;
        }
    }

    @Override
    public Timer reschedule(Timer previous, long delayNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            if (shutdown) {
                return NONE;
            }
            Entry e;
            if (previous instanceof Entry && ((Entry) previous).loop == this && !((Entry) previous).queued()) {
                e = (Entry) previous;
                e.task = task;
            } else {
                e = new Entry(this, task);
            }
            arm(e, delayNanos);
            return e;
        }
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread after the task it is running; tasks still waiting never run. */
    void shutdown() {
        Thread t;
        synchronized (lock) {
            shutdown = true;
            heap.clear();
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            LockSupport.unpark(t);
        }
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, millis));
        return !t.isAlive();
    }

    /** Puts {@code e} in the heap, due {@code delayNanos} from now; holds the lock. */
    private void arm(Entry e, long delayNanos) {
        e.time(System.nanoTime() + Math.max(0, delayNanos));
        heap.add(e);
        if (thread == null) {
            Thread t = new Thread(this::run, "chorus-loop-" + name);
            t.setDaemon(true);
            thread = t;
            t.start();
        } else if (heap.peek() == e && Thread.currentThread() != thread) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (true) {
            Runnable task = null;
            long wait;
            synchronized (lock) {
                if (shutdown) {
                    return;
                }
                Entry top = heap.peek();
                if (top == null) {
                    wait = -1;
                } else {
                    wait = top.time() - System.nanoTime();
                    if (wait <= 0) {
                        heap.poll();
                        task = top.task;
                    }
                }
            }
            if (task != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // a bug in one task must not stop the protocol loop
                    LOG.error("chorus protocol task failed", e);
                }
            } else if (wait < 0) {
                // a submitter unparks this thread when its task becomes the earliest
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait);
            }
            if (Thread.interrupted()) {
                synchronized (lock) {
                    if (shutdown) {
                        return;
                    }
                }
            }
        }
    }
}
