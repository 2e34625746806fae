package io.chorus.core.node;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Subscription;
import io.chorus.core.engine.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes events from the protocol loop and delivers them, in order, to every listener on a thread
 * of their own: a slow listener delays later events, never the protocol.
 */
final class EventHub implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final CopyOnWriteArrayList<Consumer<? super ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private List<ClusterEvent> pending = new ArrayList<>();
    private volatile Runnable afterFlush = () -> { };

    EventHub(String name) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "chorus-events-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    Subscription subscribe(Consumer<? super ClusterEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean enabled() {
        return !listeners.isEmpty();
    }

    @Override
    public void emit(ClusterEvent event) {
        pending.add(event);
    }

    /** @param hook runs on the protocol loop after each task, events or not (the ring follows membership with it) */
    void afterFlush(Runnable hook) {
        this.afterFlush = hook;
    }

    /**
     * Delivers an event raised off the protocol loop, after every event the loop has flushed.
     *
     * @param event the event
     */
    void post(ClusterEvent event) {
        if (enabled()) {
            hand(() -> deliver(List.of(event)));
        }
    }

    /** @param task runs on the event thread after every event handed over so far */
    void onEventThread(Runnable task) {
        hand(task);
    }

    /** @param task runs on the event thread after every event handed over so far, or at once on this thread when the hub has shut down */
    void onEventThreadOrNow(Runnable task) {
        if (!hand(task)) {
            task.run();
        }
    }

    /**
     * Hands a task to the event thread.
     *
     * @return false when the hub has shut down (before the call or during it): the task will not run
     */
    private boolean hand(Runnable task) {
        if (executor.isShutdown()) {
            return false;
        }
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException shutDownMeanwhile) {
            return false;
        }
    }

    @Override
    public void flush() {
        afterFlush.run();
        if (pending.isEmpty()) {
            return;
        }
        List<ClusterEvent> batch = pending;
        pending = new ArrayList<>();
        hand(() -> deliver(batch));
    }

    private void deliver(List<ClusterEvent> batch) {
        for (ClusterEvent e : batch) {
            for (Consumer<? super ClusterEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("chorus event listener {} failed on {}", l, e, ex);
                }
            }
        }
    }

    /** Delivers what was handed over so far, then stops the event thread; later events are dropped. Call it after the ring keeper's shutdown. */
    void shutdown() {
        executor.shutdown();
    }
}
