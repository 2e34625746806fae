package io.chorus.core.node;

import io.chorus.core.engine.Loop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A node's protocol loop on one daemon thread, with the system's monotonic clock. */
final class ThreadLoop implements Loop {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    ThreadLoop(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chorus-loop-" + name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(guard(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guard(task));
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void shutdown() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // a bug in one task must not stop the protocol loop
                LOG.error("chorus protocol task failed", e);
            }
        };
    }
}
