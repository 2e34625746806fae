package io.chorus.core.engine;

import java.util.Arrays;

/**
 * Durations in a fixed-bucket log-linear histogram of primitive arrays: recording allocates
 * nothing and takes no lock, so that the protocol loop can record every probe's round-trip time.
 * Not thread-safe: one thread records and reads (the loop), or the owner locks.
 *
 * <p>Buckets are microseconds. Below {@value #SUB} µs each value has a bucket of its own; above,
 * each power of two is cut into {@value #SUB} equal buckets, so a bucket is at most 1/16 (6.25%) of
 * its values wide. Values from about 71 minutes on share the last bucket. A percentile is the
 * upper bound of the bucket it falls in, never above the largest value recorded.
 *
 * <p>Percentiles and the maximum cover a sliding window: between one and two {@code window}s of
 * the latest values (two halves, the older one dropped when a window ends), so that a dashboard
 * sees the present, not the average since start. The count and the sum run since start, as a
 * monotonic counter must.
 */
public final class LatencyHistogram {
    /** Buckets per power of two, as bits: 16 buckets. */
    private static final int SUB_BITS = 4;
    /** Buckets per power of two. */
    static final int SUB = 1 << SUB_BITS;
    /** The highest power of two cut into buckets: from 2^31 µs (about 36 minutes) up to 2^32. */
    private static final int MAX_EXP = 31;
    /** Every bucket: the exact ones below {@link #SUB}, then {@link #SUB} per power of two. */
    static final int BUCKETS = SUB + (MAX_EXP - SUB_BITS + 1) * SUB;
    /** The largest value recorded as it is; larger ones count in the last bucket. */
    static final long LIMIT_MICROS = (1L << (MAX_EXP + 1)) - 1;

    /** The half window Chorus reads its latencies over: one minute, so that percentiles cover the last one to two. */
    public static final long WINDOW_NANOS = 60_000_000_000L;

    private final long windowNanos;
    private long[] current = new long[BUCKETS];
    private long[] previous = new long[BUCKETS];
    private long currentMax;
    private long previousMax;
    private long windowStart;
    private boolean started;
    private long count;
    private long sumMicros;

    /** @param windowNanos how long one half of the sliding window lasts; positive */
    public LatencyHistogram(long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window " + windowNanos + " ns: must be positive");
        }
        this.windowNanos = windowNanos;
    }

    /**
     * Records one duration.
     *
     * @param nanos the duration; a negative one (a clock that stepped back) counts as 0
     * @param now the clock now, to slide the window
     */
    public void record(long nanos, long now) {
        slide(now);
        long micros = Math.min(LIMIT_MICROS, Math.max(0, nanos) / 1_000);
        current[bucket(micros)]++;
        if (micros > currentMax) {
            currentMax = micros;
        }
        count++;
        sumMicros += micros;
    }

    /** @return durations recorded since start */
    public long count() {
        return count;
    }

    /** @return their sum, in microseconds */
    public long sumMicros() {
        return sumMicros;
    }

    /** @param now the clock now @return the largest duration in the window, in microseconds; 0 when none */
    public long maxMicros(long now) {
        slide(now);
        return Math.max(currentMax, previousMax);
    }

    /**
     * @param q the quantile, 0 (exclusive) to 1 (inclusive): 0.99 for the 99th percentile
     * @param now the clock now
     * @return the duration, in microseconds, that a share {@code q} of the window's durations do not
     *     exceed (the upper bound of its bucket, at most the window's maximum); 0 when none
     */
    public long percentileMicros(double q, long now) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + ": must be in (0, 1]");
        }
        slide(now);
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += current[i] + previous[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += current[i] + previous[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), Math.max(currentMax, previousMax));
            }
        }
        return Math.max(currentMax, previousMax);
    }

    /** Drops the older half when a window ended; both when two did (nothing recorded for that long). */
    private void slide(long now) {
        if (!started) {
            started = true;
            windowStart = now;
            return;
        }
        long elapsed = now - windowStart;
        if (elapsed < windowNanos) {
            return;
        }
        long[] t = previous;
        previous = current;
        previousMax = currentMax;
        current = t;
        Arrays.fill(current, 0);
        currentMax = 0;
        if (elapsed >= 2 * windowNanos) {
            Arrays.fill(previous, 0);
            previousMax = 0;
        }
        windowStart = now - elapsed % windowNanos;
    }

    /** @param micros a value, 0 to {@link #LIMIT_MICROS} @return its bucket */
    static int bucket(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int exp = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exp - SUB_BITS)) - SUB;
        return SUB + (exp - SUB_BITS) * SUB + sub;
    }

    /** @param bucket a bucket @return the largest value it holds */
    static long upperBound(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exp = (bucket - SUB) / SUB + SUB_BITS;
        int sub = (bucket - SUB) % SUB;
        long width = 1L << (exp - SUB_BITS);
        return ((long) (SUB + sub) << (exp - SUB_BITS)) + width - 1;
    }
}
