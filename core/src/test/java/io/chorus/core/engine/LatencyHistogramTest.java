package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link LatencyHistogram}: its buckets, its percentiles, and the window that slides. */
class LatencyHistogramTest {
    private static final long US = 1_000;
    private static final long WINDOW = 60_000 * Timing.MS;

    @Test
    void everyValueFallsInTheBucketWhoseBoundsHoldIt() {
        long previousUpper = -1;
        for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
            long upper = LatencyHistogram.upperBound(b);
            long lower = previousUpper + 1;
            assertEquals(b, LatencyHistogram.bucket(lower), "the lowest value of bucket " + b);
            assertEquals(b, LatencyHistogram.bucket(upper), "the highest value of bucket " + b);
            assertTrue(b < LatencyHistogram.SUB || (upper - lower + 1) * 16 <= lower,
                    "bucket " + b + " is at most 1/16 of its values wide: " + lower + ".." + upper);
            previousUpper = upper;
        }
        assertEquals(LatencyHistogram.LIMIT_MICROS, previousUpper, "the buckets end at the limit");
    }

    @Test
    void percentilesAreBucketUpperBoundsNeverAboveTheMaximum() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        for (int i = 1; i <= 100; i++) {
            h.record(i * 100 * US, 0); // 100 µs .. 10 ms
        }
        assertEquals(100, h.count());
        assertEquals(505_000, h.sumMicros());
        assertEquals(10_000, h.maxMicros(0));
        long p50 = h.percentileMicros(0.5, 0);
        assertTrue(p50 >= 5_000 && p50 <= 5_000 * 17 / 16, "p50 within a bucket of 5 ms: " + p50);
        long p90 = h.percentileMicros(0.9, 0);
        assertTrue(p90 >= 9_000 && p90 <= 9_000 * 17 / 16, "p90 within a bucket of 9 ms: " + p90);
        assertEquals(10_000, h.percentileMicros(1, 0), "p100 is the maximum, not its bucket's bound");
        assertEquals(10_000, h.percentileMicros(0.99, 0), "p99 of 100 values is the 99th, in the maximum's bucket");
    }

    @Test
    void smallValuesAreExactAndNegativeOnesAreZero() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        h.record(-5 * US, 0);
        h.record(7 * US + 999, 0);
        assertEquals(0, h.percentileMicros(0.5, 0));
        assertEquals(7, h.percentileMicros(1, 0));
        assertEquals(7, h.sumMicros());
    }

    @Test
    void aHugeValueCountsInTheLastBucket() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        h.record(Long.MAX_VALUE, 0);
        assertEquals(LatencyHistogram.LIMIT_MICROS, h.maxMicros(0));
        assertEquals(LatencyHistogram.LIMIT_MICROS, h.percentileMicros(0.5, 0));
    }

    @Test
    void emptyIsZero() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        assertEquals(0, h.percentileMicros(0.99, 0));
        assertEquals(0, h.maxMicros(0));
        assertEquals(0, h.count());
    }

    @Test
    void theWindowKeepsTheLastOneToTwoHalvesWhileTheCountRunsSinceStart() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        long t = 5 * Timing.MS;
        h.record(9_000 * US, t); // the first window starts here
        h.record(100 * US, t + WINDOW - 1);
        assertEquals(9_000, h.maxMicros(t + WINDOW - 1));
        assertEquals(9_000, h.maxMicros(t + WINDOW), "the first half is now the older one: still in");
        h.record(200 * US, t + WINDOW + 1);
        assertEquals(9_000, h.percentileMicros(1, t + 2 * WINDOW - 1));
        assertEquals(200, h.percentileMicros(1, t + 2 * WINDOW), "the first half is dropped");
        assertEquals(200, h.maxMicros(t + 3 * WINDOW - 1));
        assertEquals(0, h.maxMicros(t + 3 * WINDOW), "a whole window empty: nothing left");
        assertEquals(0, h.percentileMicros(0.5, t + 10 * WINDOW));
        assertEquals(3, h.count(), "the count runs since start");
        assertEquals(9_300, h.sumMicros());
    }

    @Test
    void aQuantileOutsideZeroToOneIsRefused() {
        LatencyHistogram h = new LatencyHistogram(WINDOW);
        assertThrows(IllegalArgumentException.class, () -> h.percentileMicros(0, 0));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMicros(1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(0));
    }
}
