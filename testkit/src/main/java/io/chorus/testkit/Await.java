package io.chorus.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, checking it again every few milliseconds: the wait ends
 * as soon as the condition holds, and fails, naming what it waited for, only when the deadline
 * passes. The deadline is generous ({@link #DEFAULT_DEADLINE}) because it bounds a wait that
 * normally ends at once; a slow machine makes a test slower, never red.
 *
 * <pre>{@code
 * Await.until("b sees 3 members ALIVE", () -> alive(b) == 3);
 * Transport t = Await.value("port " + port + " is free again", () -> tryToBind(port));
 * }</pre>
 */
public final class Await {
    /** How long a wait lasts at most unless told otherwise: 30 seconds. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Waits up to {@link #DEFAULT_DEADLINE} until {@code condition} holds.
     *
     * @param what what is awaited, for the failure message ("a sees b ALIVE")
     * @param condition checked again and again, from the calling thread
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_DEADLINE, condition);
    }

    /**
     * Waits up to {@code deadline} until {@code condition} holds.
     *
     * @param what what is awaited, for the failure message
     * @param deadline how long to wait at most
     * @param condition checked again and again, from the calling thread
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        value(what, deadline, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Waits up to {@link #DEFAULT_DEADLINE} until {@code probe} gives a value.
     *
     * @param <T> the value's type
     * @param what what is awaited, for the failure message
     * @param probe asked again and again, from the calling thread; empty means "not yet"
     * @return the first value the probe gave
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    public static <T> T value(String what, Supplier<Optional<T>> probe) {
        return value(what, DEFAULT_DEADLINE, probe);
    }

    /**
     * Waits up to {@code deadline} until {@code probe} gives a value.
     *
     * @param <T> the value's type
     * @param what what is awaited, for the failure message
     * @param deadline how long to wait at most
     * @param probe asked again and again, from the calling thread; empty means "not yet"
     * @return the first value the probe gave
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    public static <T> T value(String what, Duration deadline, Supplier<Optional<T>> probe) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(probe, "probe");
        long end = System.nanoTime() + deadline.toNanos();
        for (;;) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + describe(deadline) + " waiting until " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what);
            }
        }
    }

    /** @return the duration in seconds, or milliseconds when shorter than one */
    static String describe(Duration d) {
        return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
