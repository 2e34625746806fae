package io.chorus.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.NodeId;
import io.chorus.api.Profile;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.ProviderContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeartbeatFailureDetectorTest {
    private static final NodeId A = NodeId.parse("a@10.0.0.1:7946");
    private static final NodeId B = NodeId.parse("b@10.0.0.2:7946");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static HeartbeatFailureDetector create(ClusterConfig.Builder config) {
        return (HeartbeatFailureDetector) new HeartbeatFailureDetectorProvider().create(ProviderContext.of(config.build()));
    }

    private static ClusterConfig.Builder config() {
        return ClusterConfig.builder("local");
    }

    @Test
    void idAndPriority() {
        HeartbeatFailureDetectorProvider provider = new HeartbeatFailureDetectorProvider();
        assertEquals("heartbeat", provider.id());
        assertEquals(10, provider.priority());
    }

    @Test
    void defaultDeadlineIsThreeProbeIntervals() {
        assertEquals(3 * 500 * MS, create(config()).deadlineNanos());
        assertEquals(3 * 200 * MS, create(config().profile(Profile.LOCAL)).deadlineNanos());
    }

    @Test
    void optionsSetIntervalAndMaxMissed() {
        HeartbeatFailureDetector detector = create(config()
                .option("failure-detector.heartbeat.interval", "100ms")
                .option("failure-detector.heartbeat.max-missed", "2"));
        assertEquals(200 * MS, detector.deadlineNanos());
    }

    @Test
    void suspectsAMemberNeverHeardFrom() {
        FailureDetector detector = create(config());
        assertTrue(detector.suspect(A, 0));
        detector.heartbeat(B, 0);
        assertTrue(detector.suspect(A, 1));
    }

    @Test
    void suspectsOnlyOnceTheSilenceExceedsTheDeadline() {
        FailureDetector detector = create(config()
                .option("failure-detector.heartbeat.interval", "100ms")
                .option("failure-detector.heartbeat.max-missed", "3"));
        long t0 = 5_000 * MS;
        detector.heartbeat(A, t0);
        assertFalse(detector.suspect(A, t0 + 100 * MS));
        assertFalse(detector.suspect(A, t0 + 300 * MS));
        assertTrue(detector.suspect(A, t0 + 300 * MS + 1));

        detector.heartbeat(A, t0 + 250 * MS);
        assertFalse(detector.suspect(A, t0 + 550 * MS));
        assertTrue(detector.suspect(A, t0 + 551 * MS));
    }

    @Test
    void anOlderTimestampDoesNotMoveTheLastHeartbeatBack() {
        FailureDetector detector = create(config().option("failure-detector.heartbeat.max-missed", "1"));
        detector.heartbeat(A, 1_000 * MS);
        detector.heartbeat(A, 100 * MS);
        assertFalse(detector.suspect(A, 1_500 * MS));
        assertTrue(detector.suspect(A, 1_501 * MS));
    }

    @Test
    void survivesTheClockWrappingAround() {
        FailureDetector detector = create(config());
        detector.heartbeat(A, Long.MAX_VALUE - 10);
        assertFalse(detector.suspect(A, Long.MIN_VALUE + 10));
        assertTrue(detector.suspect(A, Long.MAX_VALUE - 10 + 1_500 * MS + 1));
    }

    @Test
    void removeForgetsTheMember() {
        FailureDetector detector = create(config());
        detector.heartbeat(A, 0);
        detector.heartbeat(B, 0);
        detector.remove(A);
        assertTrue(detector.suspect(A, 1));
        assertFalse(detector.suspect(B, 1));
    }

    @Test
    void rejectsAnIntervalOutOfRange() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create(config().option("failure-detector.heartbeat.interval", "0")));
        assertEquals("invalid config: failure-detector.heartbeat.interval = 0: a duration from 1ms to 10m", e.getMessage());
        assertEquals("failure-detector.heartbeat.interval", e.field());

        e = assertThrows(InvalidConfigException.class,
                () -> create(config().option("failure-detector.heartbeat.interval", "11m")));
        assertEquals("invalid config: failure-detector.heartbeat.interval = 11m: a duration from 1ms to 10m", e.getMessage());
    }

    @Test
    void rejectsAnIntervalThatIsNotADuration() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create(config().option("failure-detector.heartbeat.interval", "soon")));
        assertEquals("invalid config: failure-detector.heartbeat.interval = soon: a duration such as 250ms, 5s, 2m, 1h or PT5S",
                e.getMessage());
    }

    @Test
    void rejectsMaxMissedOutOfRange() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create(config().option("failure-detector.heartbeat.max-missed", "0")));
        assertEquals("invalid config: failure-detector.heartbeat.max-missed = 0: a whole number from 1 to 1000", e.getMessage());

        e = assertThrows(InvalidConfigException.class,
                () -> create(config().option("failure-detector.heartbeat.max-missed", "three")));
        assertEquals("invalid config: failure-detector.heartbeat.max-missed = three: a whole number from 1 to 1000",
                e.getMessage());
    }
}
