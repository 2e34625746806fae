package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Measures the bytes the current thread allocates, through {@code com.sun.management.ThreadMXBean}
 * reached by reflection (this module does not read {@code java.management}; reflection needs no
 * readability). Tests that use it are skipped on a JVM without the bean.
 */
final class Allocations {
    /** Reflection and boxing around the measurement allocate a little; real per-call garbage is far more. */
    private static final long SLACK = 4096;

    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        Object bean = null;
        Method allocated = null;
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            allocated.invoke(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            bean = null;
            allocated = null;
        }
        BEAN = bean;
        ALLOCATED = allocated;
    }

    private static long last;

    private Allocations() {
    }

    private static long allocated() {
        try {
            return (Long) ALLOCATED.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code work} once to warm it up, then again while counting.
     *
     * @return the bytes the second run allocated
     */
    static long measure(LongSupplier work) {
        Assumptions.assumeTrue(ALLOCATED != null, "no com.sun.management.ThreadMXBean on this JVM");
        last += work.getAsLong();
        long before = allocated();
        last += work.getAsLong();
        return allocated() - before;
    }

    static void assertNone(long bytes, String what) {
        assertTrue(bytes < SLACK, () -> what + " allocated " + bytes + " bytes");
    }
}
