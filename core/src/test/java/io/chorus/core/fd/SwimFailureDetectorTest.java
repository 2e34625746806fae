package io.chorus.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.ProviderContext;
import org.junit.jupiter.api.Test;

class SwimFailureDetectorTest {
    private static final NodeId A = NodeId.parse("a@10.0.0.1:7946");

    private final FailureDetector detector =
            new SwimFailureDetectorProvider().create(ProviderContext.of(ClusterConfig.builder("local").build()));

    @Test
    void idAndPriority() {
        SwimFailureDetectorProvider provider = new SwimFailureDetectorProvider();
        assertEquals("swim", provider.id());
        assertEquals(100, provider.priority());
    }

    @Test
    void suspectsAfterEveryFailedRoundWhateverTheHistory() {
        assertTrue(detector.suspect(A, 0));
        detector.heartbeat(A, 1_000);
        assertTrue(detector.suspect(A, 1_001));
        detector.remove(A);
        assertTrue(detector.suspect(A, 2_000));
    }

    @Test
    void isStatelessSoOneInstanceServesEveryNode() {
        ProviderContext context = ProviderContext.of(ClusterConfig.builder("other").build());
        assertSame(detector, new SwimFailureDetectorProvider().create(context));
    }
}
