package io.chorus.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 2782 order: priority first, then weighted random order; checked with a fixed seed. */
class SrvRecordTest {
    private static final SrvRecord A = new SrvRecord(10, 60, 7001, "a.example.org");
    private static final SrvRecord B = new SrvRecord(10, 30, 7002, "b.example.org");
    private static final SrvRecord C = new SrvRecord(10, 10, 7003, "c.example.org");
    private static final SrvRecord Z = new SrvRecord(10, 0, 7004, "z.example.org");
    private static final SrvRecord LOW = new SrvRecord(5, 0, 7000, "low.example.org");
    private static final SrvRecord HIGH = new SrvRecord(20, 100, 7009, "high.example.org");

    @Test
    void parsesTheJdksText() {
        assertEquals(new SrvRecord(1, 10, 7002, "node2.test"), SrvRecord.parse("1 10 7002 node2.test."));
        assertEquals(new SrvRecord(0, 0, 0, ""), SrvRecord.parse("0 0 0 ."));
        assertThrows(IllegalArgumentException.class, () -> SrvRecord.parse("1 10 node2.test."));
    }

    @Test
    void lowerPriorityComesFirstWhateverTheWeight() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            List<SrvRecord> order = SrvRecord.order(List.of(HIGH, A, LOW, B), random);
            assertEquals(LOW, order.get(0));
            assertEquals(HIGH, order.get(3));
            assertEquals(java.util.Set.of(A, B), java.util.Set.copyOf(order.subList(1, 3)));
        }
    }

    @Test
    void withinAPriorityTheFirstIsPickedInProportionToWeight() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 100_000;
        int[] first = new int[4];
        for (int i = 0; i < n; i++) {
            SrvRecord f = SrvRecord.order(List.of(C, Z, A, B), random).get(0);
            first[f == A ? 0 : f == B ? 1 : f == C ? 2 : 3]++;
        }
        // weights 60 : 30 : 10 : 0 over a pick in [0, 100]: 60/101, 30/101, 10/101, 1/101
        assertNear(60.0 / 101, first[0], n);
        assertNear(30.0 / 101, first[1], n);
        assertNear(10.0 / 101, first[2], n);
        assertNear(1.0 / 101, first[3], n);
    }

    @Test
    void everyRecordAppearsOnce() {
        List<SrvRecord> order = SrvRecord.order(List.of(A, B, C, Z, LOW, HIGH), new SplittableRandom(7));
        assertEquals(6, order.size());
        assertEquals(6, java.util.Set.copyOf(order).size());
    }

    @Test
    void allZeroWeightsStillOrderEveryRecord() {
        SrvRecord x = new SrvRecord(1, 0, 1, "x");
        SrvRecord y = new SrvRecord(1, 0, 2, "y");
        assertEquals(2, SrvRecord.order(List.of(x, y), new SplittableRandom(3)).size());
    }

    private static void assertNear(double p, int count, int n) {
        double seen = (double) count / n;
        assertTrue(Math.abs(seen - p) < 0.01, "expected about " + p + ", saw " + seen);
    }
}
