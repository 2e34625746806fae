package io.chorus.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.NodeId;
import io.chorus.api.spi.ProviderContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhiAccrualFailureDetectorTest {
    private static final NodeId A = NodeId.parse("a@10.0.0.1:7946");
    private static final NodeId B = NodeId.parse("b@10.0.0.2:7946");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static PhiAccrualFailureDetector create(String... keyValues) {
        ClusterConfig.Builder config = ClusterConfig.builder("local");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.option(keyValues[i], keyValues[i + 1]);
        }
        return (PhiAccrualFailureDetector) new PhiAccrualFailureDetectorProvider().create(ProviderContext.of(config.build()));
    }

    /** Heartbeats every {@code intervalMs} from time 0; returns the time of the last one. */
    private static long beat(PhiAccrualFailureDetector detector, NodeId member, int count, long intervalMs) {
        long t = 0;
        for (int i = 0; i < count; i++) {
            t = i * intervalMs * MS;
            detector.heartbeat(member, t);
        }
        return t;
    }

    @Test
    void idAndPriority() {
        PhiAccrualFailureDetectorProvider provider = new PhiAccrualFailureDetectorProvider();
        assertEquals("phi-accrual", provider.id());
        assertEquals(50, provider.priority());
    }

    @Test
    void suspectsLikeSwimUntilTwoIntervalsAreKnown() {
        PhiAccrualFailureDetector detector = create();
        assertTrue(detector.suspect(A, 0), "never heard from");
        detector.heartbeat(A, 0);
        assertTrue(detector.suspect(A, 1), "no interval yet");
        detector.heartbeat(A, 100 * MS);
        assertTrue(detector.suspect(A, 101 * MS), "one interval");
        detector.heartbeat(A, 200 * MS);
        assertFalse(detector.suspect(A, 201 * MS), "two intervals: phi decides");
    }

    @Test
    void phiIsLog2WhenTheSilenceEqualsTheMean() {
        PhiAccrualFailureDetector detector = create();
        long last = beat(detector, A, 10, 100);
        assertEquals(Math.log10(2), detector.phi(A, last + 100 * MS), 1e-12);
    }

    @Test
    void suspectsOnceTheSilenceBecomesUnlikely() {
        // regular 100ms heartbeats: std deviation 0, clamped to the default minimum of 100ms;
        // phi reaches the default threshold 8 about 5.2 std deviations past the mean
        PhiAccrualFailureDetector detector = create();
        long last = beat(detector, A, 50, 100);
        assertFalse(detector.suspect(A, last + 100 * MS));
        assertFalse(detector.suspect(A, last + 600 * MS));
        assertTrue(detector.suspect(A, last + 650 * MS));
        double phi600 = detector.phi(A, last + 600 * MS);
        double phi650 = detector.phi(A, last + 650 * MS);
        assertTrue(phi600 < 8 && phi650 >= 8, phi600 + " / " + phi650);
    }

    @Test
    void theThresholdMovesTheVerdict() {
        PhiAccrualFailureDetector strict = create("failure-detector.phi-accrual.threshold", "1");
        PhiAccrualFailureDetector lenient = create("failure-detector.phi-accrual.threshold", "12.5");
        long last = beat(strict, A, 20, 100);
        beat(lenient, A, 20, 100);
        long now = last + 250 * MS;
        assertTrue(strict.suspect(A, now));
        assertFalse(lenient.suspect(A, now));
        assertEquals(strict.phi(A, now), lenient.phi(A, now));
    }

    @Test
    void theMinimumStdDeviationWidensTheTolerance() {
        PhiAccrualFailureDetector tight = create("failure-detector.phi-accrual.min-std-deviation", "1ms");
        PhiAccrualFailureDetector loose = create("failure-detector.phi-accrual.min-std-deviation", "1s");
        long last = beat(tight, A, 20, 100);
        beat(loose, A, 20, 100);
        assertTrue(tight.suspect(A, last + 110 * MS));
        assertFalse(loose.suspect(A, last + 2_000 * MS));
    }

    @Test
    void irregularHeartbeatsRaiseTheStdDeviation() {
        PhiAccrualFailureDetector regular = create("failure-detector.phi-accrual.min-std-deviation", "1ms");
        PhiAccrualFailureDetector jittery = create("failure-detector.phi-accrual.min-std-deviation", "1ms");
        long t = 0;
        for (int i = 0; i < 20; i++) {
            regular.heartbeat(A, i * 100 * MS);
            t += (i % 2 == 0 ? 50 : 150) * MS;
            jittery.heartbeat(A, t);
        }
        // both have a mean of 100ms; only the jittery one tolerates a 200ms silence
        long lastRegular = 19 * 100 * MS;
        assertTrue(regular.suspect(A, lastRegular + 200 * MS));
        assertFalse(jittery.suspect(A, t + 200 * MS));
    }

    @Test
    void keepsOnlyTheLatestWindowOfIntervals() {
        PhiAccrualFailureDetector detector = create(
                "failure-detector.phi-accrual.window", "2",
                "failure-detector.phi-accrual.min-std-deviation", "1ms");
        long t = beat(detector, A, 10, 100);
        detector.heartbeat(A, t += 1_000 * MS);
        detector.heartbeat(A, t += 1_000 * MS);
        // the 100ms intervals have left the window: the mean is 1s, the std deviation 0 (clamped to 1ms)
        assertEquals(Math.log10(2), detector.phi(A, t + 1_000 * MS), 1e-12);
    }

    @Test
    void severalSignsOfLifeAtOneInstantAddNoInterval() {
        PhiAccrualFailureDetector once = create();
        PhiAccrualFailureDetector thrice = create();
        for (int i = 0; i < 10; i++) {
            long t = i * 100 * MS;
            once.heartbeat(A, t);
            thrice.heartbeat(A, t);
            thrice.heartbeat(A, t);
            thrice.heartbeat(A, t - 5 * MS);
        }
        long now = 9 * 100 * MS + 300 * MS;
        assertEquals(once.phi(A, now), thrice.phi(A, now));
    }

    @Test
    void membersAreTrackedSeparatelyAndRemoveForgetsOne() {
        PhiAccrualFailureDetector detector = create();
        long last = beat(detector, A, 10, 100);
        beat(detector, B, 10, 100);
        detector.remove(A);
        assertTrue(detector.suspect(A, last + 100 * MS));
        assertFalse(detector.suspect(B, last + 100 * MS));
        detector.heartbeat(A, last + 200 * MS);
        assertTrue(detector.suspect(A, last + 201 * MS), "a forgotten member starts over");
    }

    @Test
    void phiMatchesTheLogisticFormulaAndStaysFinite() {
        for (double y = -3; y <= 3; y += 0.25) {
            double k = y * (1.5976 + 0.070566 * y * y);
            double expected = -Math.log10(1 - 1 / (1 + Math.exp(-k)));
            assertEquals(expected, PhiAccrualFailureDetector.phi(1_000 + y * 10, 1_000, 10), 1e-9, "y = " + y);
        }
        double far = PhiAccrualFailureDetector.phi(1e12, 0, 1);
        assertTrue(Double.isFinite(far) && far > 1e30, "far past the mean: " + far);
        double early = PhiAccrualFailureDetector.phi(-1e12, 0, 1);
        assertEquals(0, early, 1e-300);
    }

    @Test
    void phiGrowsWithTheSilence() {
        double previous = -1;
        for (int ms = 0; ms <= 1_000; ms += 10) {
            double phi = PhiAccrualFailureDetector.phi(ms * MS, 100 * MS, 100 * MS);
            assertTrue(phi > previous, "at " + ms + "ms");
            previous = phi;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "50.01", "abc", "NaN", "Infinity", "0x10", "8d", ""})
    void rejectsABadThreshold(String value) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create("failure-detector.phi-accrual.threshold", value));
        assertEquals("invalid config: failure-detector.phi-accrual.threshold = " + value + ": a number from 1 to 50",
                e.getMessage());
        assertEquals("failure-detector.phi-accrual.threshold", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "8", " 12.5 ", "50", "2e1"})
    void acceptsAThresholdInRange(String value) {
        create("failure-detector.phi-accrual.threshold", value);
    }

    @Test
    void rejectsABadWindow() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create("failure-detector.phi-accrual.window", "1"));
        assertEquals("invalid config: failure-detector.phi-accrual.window = 1: a whole number from 2 to 10000", e.getMessage());
        e = assertThrows(InvalidConfigException.class,
                () -> create("failure-detector.phi-accrual.window", "10001"));
        assertEquals("invalid config: failure-detector.phi-accrual.window = 10001: a whole number from 2 to 10000",
                e.getMessage());
    }

    @Test
    void rejectsABadMinStdDeviation() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create("failure-detector.phi-accrual.min-std-deviation", "0"));
        assertEquals("invalid config: failure-detector.phi-accrual.min-std-deviation = 0: a duration from 1ms to 1m",
                e.getMessage());
        e = assertThrows(InvalidConfigException.class,
                () -> create("failure-detector.phi-accrual.min-std-deviation", "2m"));
        assertEquals("invalid config: failure-detector.phi-accrual.min-std-deviation = 2m: a duration from 1ms to 1m",
                e.getMessage());
    }
}
