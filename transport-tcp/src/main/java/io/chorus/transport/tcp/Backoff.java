package io.chorus.transport.tcp;

/** How long a destination stays in backoff after failures in a row. */
final class Backoff {
    private Backoff() {
    }

    /**
     * {@code min(max, base x 2^(failures - 1))}, then scaled by a jitter factor from 0.5 up to 1.5.
     *
     * @param failures failures in a row, at least 1
     * @param baseNanos the delay after the first failure
     * @param maxNanos the cap, applied before the jitter
     * @param unit a random number from 0 (inclusive) to 1 (exclusive)
     * @return the delay in nanoseconds
     */
    static long delayNanos(int failures, long baseNanos, long maxNanos, double unit) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 62);
        double capped = Math.min((double) maxNanos, baseNanos * Math.pow(2, doublings));
        return (long) (capped * (0.5 + unit));
    }
}
