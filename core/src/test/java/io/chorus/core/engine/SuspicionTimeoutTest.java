package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.NodeId;
import io.chorus.core.wire.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuspicionTimeoutTest {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL = 500 * MS;

    @ParameterizedTest(name = "n={0}: {1} ms")
    @CsvSource({
        "0, 2000",
        "1, 2000",
        "2, 2000",
        "9, 2000",
        "10, 2000",
        "20, 2602",
        "100, 4000",
        "1000, 6000",
        "10000, 8000",
    })
    void minIsAlphaTimesLogOfSizeTimesInterval(int n, long expectedMs) {
        long min = SuspicionTimeout.min(n, 4, INTERVAL);
        long exact = (long) (4 * Math.max(1.0, Math.log10(Math.max(1, n))) * INTERVAL);
        assertEquals(exact, min);
        assertEquals(expectedMs, min / MS, "alpha 4, interval 500 ms, n " + n);
    }

    @Test
    void minScalesWithAlphaAndInterval() {
        assertEquals(3 * 200 * MS, SuspicionTimeout.min(5, 3, 200 * MS));
        assertEquals(6 * 3_000 * MS * 2, SuspicionTimeout.min(100, 6, 3_000 * MS));
    }

    @Test
    void startsAtMaxAndShrinksToMinAsConfirmationsReachK() {
        long min = 2_000 * MS;
        long max = 6 * min;
        int k = 3;
        assertEquals(max, SuspicionTimeout.timeout(min, max, k, 0));
        long previous = max;
        for (int c = 1; c <= k; c++) {
            long t = SuspicionTimeout.timeout(min, max, k, c);
            assertTrue(t < previous, "each confirmation shortens the timeout: c=" + c + " gave " + t + " after " + previous);
            assertTrue(t >= min, "never below min: c=" + c);
            previous = t;
        }
        assertEquals(min, SuspicionTimeout.timeout(min, max, k, k));
    }

    @Test
    void followsTheLogarithmicLifeguardCurve() {
        long min = 1_000 * MS;
        long max = 10_000 * MS;
        // one of three: max - (max - min) * log(2) / log(4) = max - (max - min) / 2
        assertEquals(5_500 * MS, SuspicionTimeout.timeout(min, max, 3, 1));
    }

    @Test
    void neverBelowMinWhateverTheConfirmations() {
        long min = 2_602 * MS;
        long max = 6 * min;
        for (int k = 1; k <= 8; k++) {
            for (int c = 0; c <= 3 * k; c++) {
                long t = SuspicionTimeout.timeout(min, max, k, c);
                assertTrue(t >= min && t <= max, "k=" + k + " c=" + c + ": " + t);
            }
            assertEquals(min, SuspicionTimeout.timeout(min, max, k, k + 5));
        }
    }

    @Test
    void noExpectedConfirmationsMeansMin() {
        long min = 2_000 * MS;
        long max = 12_000 * MS;
        for (int c = 0; c < 4; c++) {
            assertEquals(min, SuspicionTimeout.timeout(min, max, 0, c));
            assertEquals(min, SuspicionTimeout.timeout(min, max, -1, c));
        }
    }

    @Test
    void suspicionCountsEachIndependentConfirmerOnceUpToK() {
        Peer first = peer("first", 1);
        Suspicion s = new Suspicion(100 * MS, 2_000 * MS, 12_000 * MS, 2, first);
        assertEquals(100 * MS + 12_000 * MS, s.deadline());
        assertFalse(s.confirm(first), "the first suspector is no confirmation");
        assertTrue(s.confirm(peer("second", 2)));
        assertFalse(s.confirm(peer("second", 3)), "the same name at another address is the same confirmer");
        assertEquals(1, s.confirmations());
        assertTrue(s.confirm(peer("third", 4)));
        assertEquals(100 * MS + 2_000 * MS, s.deadline());
        assertFalse(s.confirm(peer("fourth", 5)), "no more than k confirmations count");
        assertEquals(2, s.confirmations());
        assertEquals(100 * MS + 2_000 * MS, s.deadline());
    }

    @Test
    void suspicionGrowsPastItsInitialConfirmerArray() {
        Suspicion s = new Suspicion(0, MS, 10 * MS, 20, peer("first", 1));
        for (int i = 0; i < 20; i++) {
            assertTrue(s.confirm(peer("c" + i, 10 + i)));
        }
        assertEquals(20, s.confirmations());
        assertEquals(MS, s.deadline());
    }

    private static Peer peer(String name, int host) {
        return Peer.of(NodeId.parse(name + "@10.0.0." + host + ":7946"));
    }
}
