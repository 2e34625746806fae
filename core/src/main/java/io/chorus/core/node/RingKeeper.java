package io.chorus.core.node;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.RingStrategy;
import io.chorus.core.engine.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ring in step with membership: after each membership change it rebuilds the ring on a
 * thread of its own (never on the protocol loop), publishes it atomically, and reports what share
 * of the keyspace moved. Rebuilds coalesce: a burst of changes costs one rebuild.
 *
 * <p>{@link #shutdown()} stops the ring thread and waits for it, so that nothing reaches the event
 * hub once it returns: the node shuts its event thread down only after that. A rebuild that a
 * close interrupts, or that fails while the node closes, is dropped without a warning.
 */
final class RingKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(RingKeeper.class);
    private static final String[] SAMPLE = sampleKeys(4096);
    /** How long {@link #shutdown()} waits for a rebuild to end; a strategy that ignores interrupts may take longer. */
    static final long STOP_WAIT_MS = 5_000;

    private final HashFunction hash;
    private final RingStrategy strategy;
    private final boolean includeSuspect;
    private final Supplier<Snapshot> snapshots;
    private final Consumer<ClusterEvent> events;
    private final ExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final String name;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile Ring current;
    private long seenVersion = -1;

    RingKeeper(String name, HashFunction hash, RingStrategy strategy, boolean includeSuspect, Supplier<Snapshot> snapshots,
            Consumer<ClusterEvent> events) {
        this.name = name;
        this.hash = hash;
        this.strategy = strategy;
        this.includeSuspect = includeSuspect;
        this.snapshots = snapshots;
        this.events = events;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chorus-ring-" + name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Called on the protocol loop after each task: schedules a rebuild when the snapshot moved on. */
    void afterChange() {
        if (closed) {
            return;
        }
        Snapshot s = snapshots.get();
        if (s == null || s.version() == seenVersion) {
            return;
        }
        seenVersion = s.version();
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(this::rebuild);
            } catch (RejectedExecutionException closedMeanwhile) {
                // shutdown() ran since the check above: no more rebuilds
            }
        }
    }

    /** @return the current ring, building the first one on the caller's thread if none is out yet */
    Ring ring() {
        Ring r = current;
        if (r == null) {
            synchronized (this) {
                if (current == null) {
                    current = strategy.build(members(snapshots.get()), hash, 1);
                }
                r = current;
            }
        }
        return r;
    }

    /**
     * Stops the ring thread: a rebuild waiting to run is dropped, one running is interrupted and its
     * result dropped. Waits up to {@link #STOP_WAIT_MS} for the thread to end, so that the caller
     * may then shut the event hub down. Idempotent.
     */
    void shutdown() {
        closed = true;
        executor.shutdownNow();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!executor.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("chorus node {}: the ring strategy {} did not stop within {} ms of the close; its ring is dropped",
                        name, strategy.getClass().getName(), STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rebuild() {
        pending.set(false);
        if (closed) {
            return;
        }
        try {
            Snapshot s = snapshots.get();
            List<Member> members = members(s);
            Ring previous;
            Ring next;
            synchronized (this) {
                previous = current;
                if (previous != null && sameIds(previous.members(), members)) {
                    return;
                }
                next = strategy.build(members, hash, previous == null ? 1 : previous.epoch() + 1);
                current = next;
            }
            if (previous != null && !closed) {
                events.accept(new ClusterEvent.RingChanged(next.epoch(), members.size(), moved(previous, next)));
            }
        } catch (RuntimeException e) {
            if (closed) {
                LOG.debug("chorus node {}: a ring rebuild ended by the close: {}", name, e.toString());
            } else {
                LOG.warn("chorus ring rebuild failed; the previous ring stays in use", e);
            }
        }
    }

    private List<Member> members(Snapshot s) {
        List<Member> out = new ArrayList<>();
        for (Member m : s.members()) {
            if (m.state() == MemberState.ALIVE || (includeSuspect && m.state() == MemberState.SUSPECT)) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    private static boolean sameIds(List<Member> a, List<Member> b) {
        if (a.size() != b.size()) {
            return false;
        }
        List<Member> sortedA = new ArrayList<>(a);
        sortedA.sort(java.util.Comparator.comparing(Member::name));
        for (int i = 0; i < b.size(); i++) {
            if (!sortedA.get(i).id().equals(b.get(i).id()) || !sortedA.get(i).tags().equals(b.get(i).tags())) {
                return false;
            }
        }
        return true;
    }

    private static double moved(Ring before, Ring after) {
        int moved = 0;
        for (String key : SAMPLE) {
            Optional<Member> a = before.owner(key);
            Optional<Member> b = after.owner(key);
            if (!a.map(Member::name).equals(b.map(Member::name))) {
                moved++;
            }
        }
        return (double) moved / SAMPLE.length;
    }

    private static String[] sampleKeys(int n) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "chorus-ring-sample-" + i;
        }
        return keys;
    }
}
