package io.chorus.core.node;

import io.chorus.core.engine.Loop;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's protocol loop on one daemon thread, with the system's monotonic clock.
 *
 * <p>Tasks wait in one binary min-heap ordered by due time, then by submission, so that tasks due
 * together run in the order they came (as on a {@code ScheduledThreadPoolExecutor}). A timer is its
 * own heap entry: cancelling it takes it out at once, and {@link #reschedule} puts back a timer
 * that ran or was cancelled, so the protocol's recurring tasks (probe, gossip, ...) allocate
 * nothing per run. The thread starts with the first task and parks until the earliest task is
 * due; a submitter wakes it when its task becomes the earliest.
 */
final class ThreadLoop implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadLoop.class);
    private static final Timer NONE = () -> { };

    private final String name;
    private final Object lock = new Object();
    private Entry[] heap = new Entry[16];
    private int size;
    private long order;
    private boolean shutdown;
    private volatile Thread thread;

    ThreadLoop(String name) {
        this.name = name;
    }

    /** A task in the heap, or out of it (ran or cancelled) and ready to be armed again. */
    private static final class Entry implements Timer {
        final ThreadLoop loop;
        Runnable task;
        long time;
        long seq;
        /** Its place in the heap; -1 when out. */
        int index = -1;

        Entry(ThreadLoop loop, Runnable task) {
            this.loop = loop;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (loop.lock) {
                if (index >= 0) {
                    loop.removeAt(index);
                }
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
            if (previous instanceof Entry && ((Entry) previous).loop == this && ((Entry) previous).index < 0) {
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
            for (int i = 0; i < size; i++) {
                heap[i].index = -1;
                heap[i] = null;
            }
            size = 0;
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
        e.time = System.nanoTime() + Math.max(0, delayNanos);
        e.seq = order++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        siftUp(i, e);
        if (thread == null) {
            Thread t = new Thread(this::run, "chorus-loop-" + name);
            t.setDaemon(true);
            thread = t;
            t.start();
        } else if (e.index == 0 && Thread.currentThread() != thread) {
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
                if (size == 0) {
                    wait = -1;
                } else {
                    Entry top = heap[0];
                    wait = top.time - System.nanoTime();
                    if (wait <= 0) {
                        removeAt(0);
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

    // ------------------------------------------------------------------ the heap (holds the lock)

    private static boolean before(Entry a, Entry b) {
        return a.time - b.time < 0 || (a.time == b.time && a.seq < b.seq);
    }

    private void siftUp(int i, Entry e) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i, Entry e) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int c = r < size && before(heap[r], heap[l]) ? r : l;
            if (!before(heap[c], e)) {
                break;
            }
            heap[i] = heap[c];
            heap[i].index = i;
            i = c;
        }
        heap[i] = e;
        e.index = i;
    }

    private void removeAt(int i) {
        Entry gone = heap[i];
        gone.index = -1;
        Entry last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (last.index == i) {
                siftUp(i, last);
            }
        }
    }
}
