package io.chorus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.MessagingException;
import io.chorus.api.Profile;
import io.chorus.testkit.Await;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChorusMetrics} against a {@link SimpleMeterRegistry}, with a real cluster: three nodes on
 * loopback over the UDP and TCP transports. The meters follow the cluster: members by state, probes
 * and their round-trip times, traffic by kind, a member halted, requests and their latency.
 */
class ChorusMetricsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final List<Cluster> nodes = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void startThree() {
        for (int i = 0; i < 3; i++) {
            nodes.add(Chorus.create(ClusterConfig.builder("m" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0).build())
                    .start());
        }
        for (Cluster n : nodes.subList(1, 3)) {
            n.join(List.of(nodes.get(0).localId().address()));
        }
        Await.until("three members ALIVE at every node", DEADLINE, () -> nodes.stream().allMatch(
                c -> c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == 3));
        // no copy of the counters kept, so that every read is the cluster's latest
        new ChorusMetrics(nodes.get(0), Tags.of("cluster", "test"), Duration.ZERO).bindTo(registry);
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
        registry.close();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void everyNameRegisteredIsListedAndEveryListedNameIsRegistered() {
        Set<String> registered = registry.getMeters().stream().map(m -> m.getId().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(ChorusMetrics.METER_NAMES), registered);
        for (Meter m : registry.getMeters()) {
            assertEquals("m0", m.getId().getTag("node"), m.getId().toString());
            assertEquals("test", m.getId().getTag("cluster"), m.getId().toString());
            assertTrue(m.getId().getName().startsWith("chorus."), m.getId().getName());
        }
    }

    @Test
    void metersAreOfTheirKindWithBaseUnits() {
        assertTrue(registry.get("chorus.members").tags("state", "alive").meter() instanceof Gauge);
        assertTrue(registry.get("chorus.probes").meter() instanceof FunctionCounter);
        assertTrue(registry.get("chorus.probe.rtt").meter() instanceof FunctionTimer);
        assertTrue(registry.get("chorus.probe.rtt.max").meter() instanceof TimeGauge);
        assertEquals(Set.of("0.5", "0.9", "0.99"), registry.get("chorus.probe.rtt.percentile").timeGauges().stream()
                .map(g -> g.getId().getTag("phi")).collect(Collectors.toSet()));
        assertEquals("bytes", registry.get("chorus.network.sent").tags("kind", "packet").meter().getId().getBaseUnit());
        assertEquals(Set.of("packet", "frame", "user"), registry.get("chorus.messages.received").meters().stream()
                .map(m -> m.getId().getTag("kind")).collect(Collectors.toSet()));
        assertEquals(Set.of("missing-tag", "bad-tag", "unknown-key", "replay"), registry.get("chorus.messages.rejected")
                .meters().stream().map(m -> m.getId().getTag("cause")).collect(Collectors.toSet()));
    }

    @Test
    void theMetersFollowTheCluster() {
        assertEquals(3, gauge("chorus.members", "state", "alive"));
        assertEquals(0, gauge("chorus.members", "state", "dead"));
        Await.until("probes answered and their round-trip times measured", DEADLINE,
                () -> registry.get("chorus.probe.rtt").functionTimer().count() >= 3);
        assertTrue(counter("chorus.probes") >= 3);
        FunctionTimer rtt = registry.get("chorus.probe.rtt").functionTimer();
        double max = registry.get("chorus.probe.rtt.max").timeGauge().value(TimeUnit.MICROSECONDS);
        double p50 = registry.get("chorus.probe.rtt.percentile").tags("phi", "0.5").timeGauge().value(TimeUnit.MICROSECONDS);
        double p99 = registry.get("chorus.probe.rtt.percentile").tags("phi", "0.99").timeGauge().value(TimeUnit.MICROSECONDS);
        assertTrue(rtt.totalTime(TimeUnit.MICROSECONDS) > 0, "some time passed on the loopback");
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, p50 + " <= " + p99 + " <= " + max);
        assertTrue(max <= rtt.totalTime(TimeUnit.MICROSECONDS), "the largest is one of those summed");
        assertTrue(counter("chorus.messages.received", "kind", "packet") > 0);
        assertTrue(counter("chorus.messages.received", "kind", "frame") > 0, "the join's state came in a frame");
        assertTrue(counter("chorus.network.sent", "kind", "packet") > counter("chorus.messages.sent", "kind", "packet"),
                "more than a byte a packet");
        assertTrue(gauge("chorus.ring.epoch") >= 1, "the hashing module is here: a ring");
        assertEquals(0, gauge("chorus.health.score"));

        Cluster halted = nodes.get(2);
        halted.halt();
        Await.until("the halted member DEAD in the meters", DEADLINE, () -> gauge("chorus.members", "state", "dead") == 1);
        assertEquals(2, gauge("chorus.members", "state", "alive"));
        assertEquals(1, counter("chorus.deaths"));
    }

    @Test
    void requestsAreCountedWithTheirLatency() {
        Cluster asker = nodes.get(0);
        Cluster answerer = nodes.get(1);
        answerer.handle("echo", m -> m.payload());
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        Await.until("the handler answers", DEADLINE, () -> {
            try {
                asker.request(answerer.localId(), "echo", hello, Duration.ofSeconds(5)).join();
                return true;
            } catch (CompletionException e) {
                return false;
            }
        });
        CompletionException e = assertThrows(CompletionException.class,
                () -> asker.request(answerer.localId(), "nobody-handles-this", hello, Duration.ofSeconds(5)).join());
        assertTrue(e.getCause() instanceof MessagingException, e.toString());
        FunctionTimer requests = registry.get("chorus.requests").functionTimer();
        assertTrue(requests.count() >= 2, "the answered request and the failed one: " + requests.count());
        assertTrue(counter("chorus.requests.failed") >= 1);
        assertTrue(requests.count() > counter("chorus.requests.failed"), "at least one was answered");
        assertTrue(registry.get("chorus.requests.max").timeGauge().value(TimeUnit.MICROSECONDS) > 0);
        assertTrue(counter("chorus.messages.sent", "kind", "user") >= 2);
    }

    @Test
    void aBinderDroppedOnceBoundKeepsReadingAsLongAsTheClusterLives() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        new ChorusMetrics(nodes.get(2)).bindTo(other); // the usual line: the binder itself is not kept
        for (int i = 0; i < 3; i++) {
            System.gc(); // Micrometer holds what a meter observes weakly: were it the binder, it would be gone now
        }
        assertEquals(3, other.get("chorus.members").tags("state", "alive").gauge().value());
        assertTrue(other.get("chorus.probes").functionCounter().count() >= 0);
        assertTrue(!Double.isNaN(other.get("chorus.probe.rtt.max").timeGauge().value(TimeUnit.SECONDS)));
        other.close();
    }

    @Test
    void aCopyOfTheCountersServesAScrapeAndItsAgeIsBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChorusMetrics(nodes.get(0), Tags.empty(), Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> new ChorusMetrics(null));
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        new ChorusMetrics(nodes.get(1)).bindTo(other);
        assertEquals("m1", other.get("chorus.members").tags("state", "alive").meter().getId().getTag("node"));
        assertEquals(3, other.get("chorus.members").tags("state", "alive").gauge().value());
        other.close();
    }
}
