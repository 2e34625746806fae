package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean}, for tests
 * of code that must not allocate. The bean is reached by reflection, which needs no readability,
 * so neither this module nor the module under test reads {@code java.management}; where the JVM
 * cannot count, {@link #supported()} is false and {@link #measure} skips the test.
 *
 * <pre>{@code
 * long bytes = Allocations.measure(() -> {
 *     long sum = 0;
 *     for (int i = 0; i < 20_000; i++) {
 *         sum += ring.owner(keys[i & 63]).orElseThrow().id().port();
 *     }
 *     return sum; // returned, so the JIT cannot drop the work
 * });
 * Allocations.assertNone(bytes, "owner()");
 * }</pre>
 */
public final class Allocations {
    /** What {@link #assertNone} tolerates: the measurement itself allocates a little; real per-call garbage is far more. */
    public static final long SLACK = 4096;

    private static final MethodHandle ALLOCATED = find();
    private static volatile long sink;

    private Allocations() {
    }

    private static MethodHandle find() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> api = Class.forName("com.sun.management.ThreadMXBean");
            if (!api.isInstance(bean) || !(boolean) api.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
                return null;
            }
            if (!(boolean) api.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
                api.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
            }
            MethodHandle h = MethodHandles.publicLookup()
                    .findVirtual(api, "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class))
                    .bindTo(bean);
            long probe = (long) h.invokeExact(Thread.currentThread().getId());
            return probe < 0 ? null : h;
        } catch (Throwable e) {
            return null;
        }
    }

    /** @return whether this JVM counts the bytes each thread allocates */
    public static boolean supported() {
        return ALLOCATED != null;
    }

    /** @return the bytes the current thread has allocated so far; 0 when not {@link #supported()} */
    public static long threadBytes() {
        if (ALLOCATED == null) {
            return 0;
        }
        try {
            return (long) ALLOCATED.invokeExact(Thread.currentThread().getId());
        } catch (Throwable t) {
            throw new AssertionError("reading the thread's allocated bytes", t);
        }
    }

    /**
     * Runs {@code work} once to warm it up, then again while counting; skips the calling test when
     * the JVM cannot count.
     *
     * @param work the code to measure; what it returns is kept, so the work cannot be optimized away
     * @return the bytes the second run allocated
     */
    public static long measure(LongSupplier work) {
        Assumptions.assumeTrue(supported(), "this JVM does not count the bytes a thread allocates");
        sink += work.getAsLong();
        long before = threadBytes();
        long result = work.getAsLong();
        long bytes = threadBytes() - before;
        sink += result;
        return bytes;
    }

    /**
     * @param bytes what {@link #measure} returned
     * @param what the code measured, for the failure message
     * @throws AssertionError if {@code bytes} is {@link #SLACK} or more
     */
    public static void assertNone(long bytes, String what) {
        assertTrue(bytes < SLACK, () -> what + " allocated " + bytes + " bytes");
    }
}
