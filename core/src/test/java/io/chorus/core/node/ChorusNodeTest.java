package io.chorus.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.AlreadyJoinedException;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.ClusterStatus;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NotStartedException;
import io.chorus.api.Profile;
import io.chorus.api.ProviderChoice;
import io.chorus.api.ProviderException;
import io.chorus.testkit.Await;
import io.chorus.testkit.InMemoryTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real node (threads, clock) over an in-memory transport, assembled through the public api. */
class ChorusNodeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final InMemoryTransportProvider memory = new InMemoryTransportProvider();
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private Cluster node(String name) {
        ClusterConfig config = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .tag("role", name.startsWith("w") ? "worker" : "api").build();
        Cluster c = Chorus.builder(config).autoDiscovery(false).provider(memory).build();
        nodes.add(c);
        return c;
    }

    /** @return api-1, api-2 and api-3, joined through api-1, each seeing all three ALIVE */
    private List<Cluster> threeJoined() {
        Cluster a = node("api-1").start();
        Cluster b = node("api-2").start();
        Cluster c = node("api-3").start();
        b.join(List.of(a.localId().address()));
        c.join(List.of(a.localId().address()));
        for (Cluster n : List.of(a, b, c)) {
            Await.until(n.localId() + " sees 3 ALIVE", () -> count(n, MemberState.ALIVE) == 3);
        }
        return List.of(a, b, c);
    }

    /** @return the origin the assembly gives a class on the class path: {@code class path} and its jar or folder */
    private static String classPathOf(Class<?> type) {
        try {
            return "class path " + java.nio.file.Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theNodeSaysWhichProvidersItUsesAndWhy() {
        Cluster n = node("api-1");
        List<ProviderChoice> expected = List.of(
                ProviderChoice.of(ProviderChoice.Kind.ENGINE, "core", "io.chorus.core.CoreEngineProvider",
                        "module io.chorus.core", ProviderChoice.Reason.ONLY_ONE, "the only one found"),
                // the test kit lands on the class path of core's tests: its origin names the jar (or classes folder)
                ProviderChoice.of(ProviderChoice.Kind.TRANSPORT, "memory", InMemoryTransportProvider.class.getName(),
                        classPathOf(InMemoryTransportProvider.class),
                        ProviderChoice.Reason.ONLY_ONE, "the only one found"),
                ProviderChoice.of(ProviderChoice.Kind.FAILURE_DETECTOR, "swim", "io.chorus.core.fd.SwimFailureDetectorProvider",
                        "module io.chorus.core", ProviderChoice.Reason.HIGHEST_PRIORITY,
                        "highest priority 100 among swim 100, phi-accrual 50, heartbeat 10"));
        assertEquals(expected, n.providers(), "known once created");
        n.start();
        assertEquals(expected, n.providers());
        assertThrows(UnsupportedOperationException.class, () -> n.providers().clear());
    }

    private static long count(Cluster c, MemberState state) {
        return c.members().stream().filter(m -> m.state() == state).count();
    }

    @Test
    void threeNodesJoinSeeEachOtherAndAgreeOnTags() {
        Cluster a = node("api-1").start();
        Cluster b = node("api-2").start();
        Cluster w = node("worker-1").start();
        assertEquals(ClusterStatus.RUNNING, a.status());
        Address seed = a.localId().address();
        assertEquals(1, b.join(List.of(seed)));
        assertEquals(1, w.join(List.of(seed)));
        for (Cluster c : List.of(a, b, w)) {
            Await.until(c.localId() + " sees 3 ALIVE", () -> count(c, MemberState.ALIVE) == 3);
        }
        assertEquals(List.of("api-1", "api-2"), a.membersWithTag("role", "api").stream().map(Member::name).toList());
        assertEquals(List.of("worker-1"), b.membersWithTags(Map.of("role", "worker")).stream().map(Member::name).toList());
        assertEquals(w.localMember(), w.member(w.localId()).orElseThrow());
        assertThrows(AlreadyJoinedException.class, () -> b.join(List.of(seed)));
    }

    @Test
    void eventsArriveInOrderAndATagChangeSpreads() throws InterruptedException {
        Cluster a = node("api-1");
        BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
        a.subscribe(e -> {
            if (!(e instanceof ClusterEvent.CoordinatorChanged || e instanceof ClusterEvent.QuorumChanged)) {
                events.add(e);
            }
        });
        a.start();
        Cluster b = node("api-2").start();
        b.join(List.of(a.localId().address()));
        ClusterEvent first = events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(first instanceof ClusterEvent.StatusChanged s && s.current() == ClusterStatus.STARTING, String.valueOf(first));
        ClusterEvent second = events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(second instanceof ClusterEvent.StatusChanged s && s.current() == ClusterStatus.RUNNING, String.valueOf(second));
        ClusterEvent joined = events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(joined instanceof ClusterEvent.MemberJoined j && j.member().name().equals("api-2"), String.valueOf(joined));
        long before = b.localMember().incarnation();
        b.updateTag("version", "2");
        assertTrue(b.localMember().incarnation() > before);
        Await.until("api-1 sees api-2's new tag", () -> a.member(b.localId()).map(m -> m.hasTag("version", "2")).orElse(false));
        ClusterEvent updated;
        do {
            updated = events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } while (updated != null && !(updated instanceof ClusterEvent.MemberUpdated));
        assertTrue(updated instanceof ClusterEvent.MemberUpdated u && u.current().hasTag("version", "2"), String.valueOf(updated));
        b.removeTag("version");
        Await.until("api-1 sees the tag removed", () -> !a.member(b.localId()).orElseThrow().tags().containsKey("version"));
    }

    @Test
    void aGracefulLeaveIsSeenAsLeftNotDead() {
        List<Cluster> three = threeJoined();
        Cluster a = three.get(0);
        Cluster b = three.get(1);
        Cluster c = three.get(2);
        var leaver = c.localId();
        c.leave();
        assertEquals(ClusterStatus.STOPPED, c.status());
        Await.until("a sees api-3 LEFT", () -> a.member(leaver).map(m -> m.state() == MemberState.LEFT).orElse(false));
        Await.until("b sees api-3 LEFT", () -> b.member(leaver).map(m -> m.state() == MemberState.LEFT).orElse(false));
        assertEquals(0, count(a, MemberState.DEAD));
    }

    @Test
    void aStoppedNodeIsDetectedDead() {
        List<Cluster> three = threeJoined();
        Cluster a = three.get(0);
        Cluster b = three.get(1);
        Cluster c = three.get(2);
        var victim = c.localId();
        BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
        a.subscribe(events::add);
        ((ChorusNode) c).halt();
        Await.until("a marks api-3 DEAD", () -> a.member(victim).map(m -> m.state() == MemberState.DEAD).orElse(false));
        // the event reaches listeners on the event thread, after the snapshot that holds the death
        Await.until("a's listener hears of the death", () -> events.stream().anyMatch(e -> e instanceof ClusterEvent.MemberFailed));
        // its address refuses the stream fallback probe: that, not mere silence, is the reason given
        ClusterEvent.MemberFailed failed = events.stream().filter(e -> e instanceof ClusterEvent.MemberFailed)
                .map(e -> (ClusterEvent.MemberFailed) e).findFirst().orElseThrow();
        assertEquals(victim, failed.member().id());
        assertEquals(io.chorus.api.FailureReason.CONNECTION_REFUSED, failed.reason());
        Await.until("b marks api-3 DEAD", () -> b.member(victim).map(m -> m.state() == MemberState.DEAD).orElse(false));
        assertTrue(a.stats().probeFailures() > 0);
    }

    @Test
    void aForceLeaveTurnsADeadMemberLeftOnEveryNodeAndRefusesALiveOne() {
        List<Cluster> three = threeJoined();
        Cluster a = three.get(0);
        Cluster b = three.get(1);
        Cluster c = three.get(2);
        var victim = c.localId();
        ((ChorusNode) c).halt();
        Await.until("a marks api-3 DEAD", () -> a.member(victim).map(m -> m.state() == MemberState.DEAD).orElse(false));
        IllegalStateException alive = assertThrows(IllegalStateException.class, () -> a.forceLeave("api-2"));
        assertTrue(alive.getMessage().contains("'api-2' is ALIVE"), alive.getMessage());
        java.util.NoSuchElementException none = assertThrows(java.util.NoSuchElementException.class,
                () -> a.forceLeave("nobody"));
        assertTrue(none.getMessage().contains("no member named 'nobody'"), none.getMessage());
        assertEquals(MemberState.LEFT, a.forceLeave("api-3").state());
        Await.until("b hears api-3 LEFT", () -> b.member(victim).map(m -> m.state() == MemberState.LEFT).orElse(false));
        assertEquals(MemberState.LEFT, a.forceLeave("api-3").state(), "again: nothing to do");
    }

    @Test
    void joinAgainMergesTwoClustersFormedApart() {
        Cluster a = node("api-1").start();
        Cluster b = node("api-2").start();
        Cluster c = node("api-3").start();
        Cluster d = node("api-4").start();
        b.join(List.of(a.localId().address()));
        d.join(List.of(c.localId().address()));
        Await.until("two pairs", () -> count(a, MemberState.ALIVE) == 2 && count(c, MemberState.ALIVE) == 2);
        assertThrows(AlreadyJoinedException.class, () -> b.join(List.of(c.localId().address())), "join() stays once");
        assertEquals(1, b.merge(List.of(c.localId().address())));
        for (Cluster n : List.of(a, b, c, d)) {
            Await.until(n.localId() + " sees 4 ALIVE", () -> count(n, MemberState.ALIVE) == 4);
        }
        assertEquals(0, b.merge(List.of()), "nothing to merge with");
    }

    @Test
    void joiningNobodyTimesOutNamingTheSeeds() {
        ClusterConfig config = ClusterConfig.builder("lonely").profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .joinTimeout(Duration.ofMillis(600)).build();
        Cluster c = Chorus.builder(config).autoDiscovery(false).provider(memory).build();
        nodes.add(c);
        c.start();
        Address nobody = new Address("127.0.0.1", 9);
        JoinTimeoutException e = assertThrows(JoinTimeoutException.class, () -> c.join(List.of(nobody)));
        assertEquals(List.of(nobody), e.seedsTried());
        assertTrue(e.getMessage().contains("127.0.0.1:9"), e.getMessage());
    }

    @Test
    void callsBeforeStartSayWhatToDo() {
        Cluster c = node("api-1");
        assertEquals(ClusterStatus.NEW, c.status());
        NotStartedException e = assertThrows(NotStartedException.class, c::members);
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
        assertThrows(NotStartedException.class, () -> c.join(List.of(new Address("127.0.0.1", 1))));
        assertFalse(c.stats().alive() > 0);
    }

    @Test
    void theRingNeedsTheHashingModule() {
        Cluster c = node("api-1").start();
        ProviderException e = assertThrows(ProviderException.class, c::ring);
        assertTrue(e.getMessage().contains("io.chorus:chorus-hashing"), e.getMessage());
    }

    @Test
    void withAutoDiscoveryOnTheModulePathHasNoTransport() {
        ClusterConfig config = ClusterConfig.builder("api-1").bind("127.0.0.1", 0).build();
        ProviderException e = assertThrows(ProviderException.class, () -> Chorus.create(config));
        assertTrue(e.getMessage().startsWith("no transport provider found"), e.getMessage());
    }
}
