package io.chorus.core.engine;

/**
 * Lifeguard's suspicion timeout: it starts at a maximum and shrinks toward a minimum as
 * independent confirmations arrive, following
 * {@code max - (max - min) * log(c + 1) / log(k + 1)} for c confirmations out of k expected.
 */
final class SuspicionTimeout {
    private SuspicionTimeout() {
    }

    /**
     * @param n cluster size
     * @param multiplier alpha
     * @param intervalNanos the probe interval
     * @return the minimum timeout: alpha x max(1, log10(n)) x interval
     */
    static long min(int n, int multiplier, long intervalNanos) {
        double scale = Math.max(1.0, Math.log10(Math.max(1, n)));
        return (long) (multiplier * scale * intervalNanos);
    }

    /**
     * @param min minimum
     * @param max maximum
     * @param k confirmations expected
     * @param c confirmations received
     * @return the timeout after c confirmations
     */
    static long timeout(long min, long max, int k, int c) {
        if (k <= 0) {
            return min;
        }
        double frac = Math.log(c + 1.0) / Math.log(k + 1.0);
        long t = (long) (max - (max - min) * frac);
        return Math.max(min, t);
    }
}
