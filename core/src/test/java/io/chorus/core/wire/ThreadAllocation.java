package io.chorus.core.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean}. The module
 * io.chorus.core does not read java.management or jdk.management, so the bean is reached
 * reflectively (core reflection does not need readability, only exported packages); where the JVM
 * cannot count, {@link #supported()} is false and callers skip their checks.
 */
final class ThreadAllocation {
    private static final MethodHandle ALLOCATED = find();

    private ThreadAllocation() {
    }

    private static MethodHandle find() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> api = Class.forName("com.sun.management.ThreadMXBean");
            if (!api.isInstance(bean)) {
                return null;
            }
            if (!(boolean) api.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
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

    /** @return whether {@link #now()} counts */
    static boolean supported() {
        return ALLOCATED != null;
    }

    /** @return bytes the current thread has allocated so far (0 when unsupported) */
    static long now() {
        if (ALLOCATED == null) {
            return 0;
        }
        try {
            return (long) ALLOCATED.invokeExact(Thread.currentThread().getId());
        } catch (Throwable t) {
            throw new AssertionError("reading the thread's allocated bytes", t);
        }
    }
}
