package io.chorus.core.node;

import io.chorus.api.Address;
import io.chorus.api.spi.Discovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a node's discovery sources for seeds on one daemon thread, never on the protocol loop: once
 * when the node joins, again before each join retry, and every {@link Discovery#refreshInterval()}
 * while the node runs. Each source's last good answer is kept, so a source that fails (logged at
 * warn, naming the provider and the cause) keeps contributing the seeds it found before. After
 * every round the union of the sources' answers goes to the sink.
 */
final class SeedFinder {
    private static final Logger LOG = LoggerFactory.getLogger(SeedFinder.class);

    /**
     * One discovery and the provider it came from.
     *
     * @param id the provider id, for messages
     * @param discovery the discovery
     */
    record Source(String id, Discovery discovery) {
        Source {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(discovery, "discovery");
        }
    }

    /**
     * The outcome of asking every source.
     *
     * @param seeds the union of every source's last good answer
     * @param failed whether a source failed (or did not answer in time) this round
     */
    record Round(List<Address> seeds, boolean failed) {
    }

    private final String node;
    private final List<Source> sources;
    private final Consumer<List<Address>> sink;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final Map<Source, List<Address>> known = new LinkedHashMap<>();
    /** Each source's error when its last answer was one, by provider id, in source order. */
    private final Map<String, String> failing = new LinkedHashMap<>();
    private volatile RuntimeException lastFailure;
    private boolean periodic;

    /**
     * @param node the node name, for messages and the thread name
     * @param sources the discovery sources, at least one
     * @param sink gets the union of the seeds after every round, on the discovery thread
     */
    SeedFinder(String node, List<Source> sources, Consumer<List<Address>> sink) {
        this.node = Objects.requireNonNull(node, "node");
        this.sources = List.copyOf(sources);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chorus-discovery-" + node);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Asks every source now and waits for the answers, at most {@code wait}.
     *
     * @param wait the longest wait
     * @return the seeds and whether a source failed; a round still running after {@code wait}
     *     counts as failed, and hands its seeds to the sink when it ends
     */
    Round resolveNow(Duration wait) {
        Future<Round> f;
        try {
            f = thread.submit(this::round);
        } catch (RejectedExecutionException e) {
            return new Round(current(), true);
        }
        try {
            return f.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Round(current(), true);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("chorus node {}: discovery gave no answer within {} ms; the join goes on and asks again",
                    node, wait.toMillis());
            return new Round(current(), true);
        }
    }

    /** Asks every source again soon, on the discovery thread; at most one such round waits at a time. */
    void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    refreshQueued.set(false);
                    round();
                });
            } catch (RejectedExecutionException e) {
                refreshQueued.set(false);
            }
        }
    }

    /** Starts asking each source at its own refresh interval, if it has one. Idempotent. */
    synchronized void startPeriodic() {
        if (periodic || thread.isShutdown()) {
            return;
        }
        periodic = true;
        for (Source s : sources) {
            Optional<Duration> every = s.discovery().refreshInterval();
            if (every.isPresent() && !every.get().isZero() && !every.get().isNegative()) {
                long ms = Math.max(1, every.get().toMillis());
                thread.scheduleWithFixedDelay(() -> {
                    ask(s);
                    publish();
                }, ms, ms, TimeUnit.MILLISECONDS);
                LOG.debug("chorus node {}: discovery {} is asked again every {} ms", node, s.id(), ms);
            }
        }
    }

    /** @return the union of every source's last good answer, in source order */
    synchronized List<Address> current() {
        LinkedHashSet<Address> all = new LinkedHashSet<>();
        known.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** @return the last failure of any source, if one failed */
    Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** @return the error of each source whose last answer was one, by provider id, in source order */
    synchronized Map<String, String> failing() {
        return new LinkedHashMap<>(failing);
    }

    /** Stops the thread and closes every source. */
    void close() {
        thread.shutdownNow();
        for (Source s : sources) {
            try {
                s.discovery().close();
            } catch (RuntimeException e) {
                LOG.debug("chorus node {}: closing discovery {}: {}", node, s.id(), e.toString());
            }
        }
    }

    private Round round() {
        boolean failed = false;
        for (Source s : sources) {
            failed |= !ask(s);
        }
        return new Round(publish(), failed);
    }

    /** @return whether the source answered */
    private boolean ask(Source s) {
        List<Address> found;
        try {
            found = s.discovery().discover();
            if (found == null) {
                throw new IllegalStateException("discover() returned null");
            }
            found = List.copyOf(found);
        } catch (RuntimeException e) {
            lastFailure = e;
            List<Address> kept;
            synchronized (this) {
                kept = known.getOrDefault(s, List.of());
                failing.put(s.id(), e.getMessage() != null ? e.getMessage() : e.toString());
            }
            LOG.warn("chorus node {}: discovery {} failed; keeping the {} seed(s) it found before and asking again "
                    + "at the next join attempt or refresh: {}", node, s.id(), kept.size(),
                    e.getMessage() != null ? e.getMessage() : e.toString());
            return false;
        }
        List<Address> before;
        synchronized (this) {
            before = known.put(s, found);
            failing.remove(s.id());
        }
        if (!found.equals(before)) {
            LOG.debug("chorus node {}: discovery {} found {}", node, s.id(), found);
        }
        return true;
    }

    private List<Address> publish() {
        List<Address> seeds = current();
        try {
            sink.accept(seeds);
        } catch (RuntimeException e) {
            LOG.debug("chorus node {}: seeds not handed to the engine: {}", node, e.toString());
        }
        return seeds;
    }

    @Override
    public String toString() {
        List<String> ids = new ArrayList<>();
        sources.forEach(s -> ids.add(s.id()));
        return "SeedFinder" + ids;
    }
}
