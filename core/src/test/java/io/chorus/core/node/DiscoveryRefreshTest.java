package io.chorus.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.testkit.Await;
import io.chorus.testkit.InMemoryTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node asks discovery again before each join retry and at the source's refresh interval, off
 * the protocol loop; a failing source is retried and never stops the join.
 */
class DiscoveryRefreshTest {
    private final InMemoryTransportProvider memory = new InMemoryTransportProvider();
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    /** A discovery whose answer to the n-th call (from 0) comes from a function; it may throw. */
    private static final class Scripted implements DiscoveryProvider {
        final AtomicInteger calls = new AtomicInteger();
        final IntFunction<List<Address>> answer;
        final Optional<Duration> every;

        Scripted(Optional<Duration> every, IntFunction<List<Address>> answer) {
            this.every = every;
            this.answer = answer;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public Discovery create(ProviderContext context) {
            return new Discovery() {
                @Override
                public List<Address> discover() {
                    assertTrue(!Thread.currentThread().getName().startsWith("chorus-loop-"), "discovery runs off the loop");
                    return answer.apply(calls.getAndIncrement());
                }

                @Override
                public Optional<Duration> refreshInterval() {
                    return every;
                }
            };
        }
    }

    private Cluster node(String name, Duration joinTimeout, DiscoveryProvider discovery) {
        ClusterConfig config = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .joinTimeout(joinTimeout).build();
        Chorus.Builder b = Chorus.builder(config).autoDiscovery(false).provider(memory);
        if (discovery != null) {
            b.provider(discovery);
        }
        Cluster c = b.build();
        nodes.add(c);
        return c;
    }

    private static long alive(Cluster c) {
        return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    @Test
    void aSourceThatFailsAtFirstIsAskedAgainAtEachRetryAndTheJoinSucceeds() {
        Cluster a = node("api-1", Duration.ofSeconds(20), null).start();
        Address seed = a.localId().address();
        Scripted flaky = new Scripted(Optional.empty(), n -> {
            if (n < 2) {
                throw new ChorusException("lookup " + n + " failed");
            }
            return List.of(seed);
        });
        Cluster b = node("api-2", Duration.ofSeconds(20), flaky).start();

        assertEquals(1, b.join());

        assertTrue(flaky.calls.get() >= 3, "asked " + flaky.calls.get() + " times");
        Await.until("both see 2 ALIVE", () -> alive(a) == 2 && alive(b) == 2);
    }

    @Test
    void seedsThatAppearLaterAreReachedThroughTheRefreshInterval() {
        Cluster a = node("api-1", Duration.ofSeconds(20), null).start();
        Address seed = a.localId().address();
        AtomicInteger published = new AtomicInteger();
        Scripted later = new Scripted(Optional.of(Duration.ofMillis(100)),
                n -> published.get() == 0 ? List.of() : List.of(seed));
        Cluster b = node("api-2", Duration.ofSeconds(20), later).start();

        assertEquals(0, b.join(), "no seed yet: b starts a cluster of its own");
        published.set(1);

        Await.until("b, alone, reaches the seed found by a later refresh", () -> alive(a) == 2 && alive(b) == 2);
        assertTrue(later.calls.get() >= 2);
    }

    @Test
    void aJoinTimeoutListsEverySeedSeenAcrossAttempts() {
        Scripted moving = new Scripted(Optional.empty(), n -> List.of(new Address("127.0.0.1", 10 + Math.min(n, 5))));
        Cluster c = node("lonely", Duration.ofSeconds(3), moving).start();

        JoinTimeoutException e = assertThrows(JoinTimeoutException.class, c::join);

        assertTrue(e.seedsTried().size() >= 2, e.getMessage());
        assertEquals(new Address("127.0.0.1", 10), e.seedsTried().get(0));
        assertTrue(e.getMessage().contains("127.0.0.1:10") && e.getMessage().contains("127.0.0.1:11"), e.getMessage());
    }

    @Test
    void aSourceThatAlwaysFailsEndsInAJoinTimeoutCarryingItsError() {
        Scripted broken = new Scripted(Optional.of(Duration.ofMillis(100)), n -> {
            throw new ChorusException("DNS lookup of SRV _chorus._udp.test failed: no such name (NXDOMAIN)");
        });
        Cluster c = node("lonely", Duration.ofMillis(800), broken).start();

        JoinTimeoutException e = assertThrows(JoinTimeoutException.class, c::join);

        assertEquals(List.of(), e.seedsTried());
        assertNotNull(e.getCause(), "the discovery failure is the cause");
        assertTrue(e.getCause().getMessage().contains("NXDOMAIN"), e.getCause().getMessage());
        assertEquals(java.util.Map.of("scripted", "DNS lookup of SRV _chorus._udp.test failed: no such name (NXDOMAIN)"),
                e.discoveryFailures());
        assertTrue(e.getMessage().endsWith("tried no seeds (discovery found none); discovery failed: scripted: DNS lookup "
                + "of SRV _chorus._udp.test failed: no such name (NXDOMAIN)"), "the message names the source and its "
                + "error: " + e.getMessage());
        assertTrue(broken.calls.get() >= 2, "asked again on retry: " + broken.calls.get());
    }

    @Test
    void aSourceThatFindsOnlyNothingLetsTheFirstNodeStartAlone() {
        Scripted empty = new Scripted(Optional.empty(), n -> List.of());
        Cluster c = node("first", Duration.ofSeconds(20), empty).start();
        assertEquals(0, c.join());
        assertEquals(1, alive(c));
    }
}
