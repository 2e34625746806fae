package io.chorus.core.engine;

import java.util.SplittableRandom;

/** Timing rules the parts share. */
final class Timing {
    static final long MS = 1_000_000L;

    private Timing() {
    }

    /**
     * @param random the node's random source
     * @param nanos a delay
     * @return the delay spread uniformly over half to one and a half times itself, so that nodes
     *     started together do not act in step
     */
    static long jitter(SplittableRandom random, long nanos) {
        return nanos / 2 + (long) (random.nextDouble() * nanos);
    }

    /** @param t a timer, or null @see Loop.Timer#cancel */
    static void cancel(Loop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
