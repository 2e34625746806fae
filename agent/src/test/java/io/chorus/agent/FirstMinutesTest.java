package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NameConflictException;
import io.chorus.api.NotStartedException;
import io.chorus.api.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a new user meets in the first minutes, on real loopback sockets: the view after {@code join()},
 * a name taken twice, an abrupt stop, waiting for a tag change, a malformed seed.
 */
class FirstMinutesTest {
    /** Joins repeated in one JVM: the view must hold the seed's members after every one of them. */
    static final int JOIN_REPEATS = 200;

    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::halt);
    }

    private Cluster start(String name, int port, Map<String, String> tags) {
        Cluster c = Chorus.create(ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", port).tags(tags)
                .build());
        nodes.add(c);
        return c.start();
    }

    private Cluster start(String name) {
        return start(name, 0, Map.of());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static Set<String> alive(Cluster node) {
        TreeSet<String> out = new TreeSet<>();
        node.members().stream().filter(m -> m.state() == MemberState.ALIVE).forEach(m -> out.add(m.name()));
        return out;
    }

    private static Set<String> names(List<Member> members) {
        TreeSet<String> out = new TreeSet<>();
        members.forEach(m -> out.add(m.name()));
        return out;
    }

    @Test
    void afterJoinReturnsMembersHoldsEveryMemberOfTheSeedsState() {
        Cluster seed = start("seed");
        for (String name : List.of("a", "b", "c")) {
            start(name).join(List.of(seed.localId().address()));
        }
        await(() -> seed.members().size() == 4, "the seed sees its three members");
        int wrong = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < JOIN_REPEATS; i++) {
            // the seed's ALIVE members: a joiner takes in those (DEAD and LEFT members it never knew stay unknown to it)
            Set<String> before = alive(seed);
            Cluster fresh = Chorus.create(ClusterConfig.builder("fresh-" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0)
                    .build()).start();
            try {
                assertEquals(1, fresh.join(List.of(seed.localId().address())));
                Set<String> seen = names(fresh.members());
                before.retainAll(alive(seed)); // those still ALIVE after the join were ALIVE in the seed's state
                if (!seen.containsAll(before)) {
                    if (wrong++ == 0) {
                        first.append("join ").append(i).append(" returned with ").append(seen).append(", the seed had ")
                                .append(before);
                    }
                }
            } finally {
                fresh.halt();
            }
        }
        assertEquals(0, wrong, wrong + " of " + JOIN_REPEATS + " joins returned before the view held the seed's members; "
                + first);
    }

    @Test
    void aSecondNodeWithTheSameNameIsRefusedAndTheFirstIsTold() {
        Cluster first = start("web-1");
        Cluster other = start("web-2");
        other.join(List.of(first.localId().address()));
        BlockingQueue<ClusterEvent> conflicts = new LinkedBlockingQueue<>();
        first.subscribe(e -> {
            if (e instanceof ClusterEvent.NameConflict) {
                conflicts.add(e);
            }
        });
        Cluster second = start("web-1");
        // through the holder itself, and through another member
        for (Cluster seed : List.of(first, other)) {
            NameConflictException e = assertThrows(NameConflictException.class,
                    () -> second.join(List.of(seed.localId().address())));
            assertEquals(first.localId(), e.holder());
            assertTrue(e.getMessage().contains("web-1") && e.getMessage().contains(first.localId().address().toString()),
                    e.getMessage());
        }
        assertEquals(List.of("web-1"), names(second.members()).stream().toList(), "the refused node merged nothing");
        assertEquals(first.localId().address(), other.members().stream().filter(m -> m.name().equals("web-1")).findFirst()
                .orElseThrow().id().address(), "web-2 still holds web-1 at its own address");
        await(() -> !conflicts.isEmpty(), "the holder hears of the conflict");
        ClusterEvent.NameConflict c = (ClusterEvent.NameConflict) conflicts.peek();
        assertEquals(first.localId(), c.holder());
        assertEquals(second.localId(), c.claimant());
    }

    @Test
    void aRestartAtTheSameAddressJoinsAsAReincarnation() {
        Cluster seed = start("seed");
        Cluster node = start("node");
        node.join(List.of(seed.localId().address()));
        long inc = node.localMember().incarnation();
        int port = node.localId().port();
        node.halt();
        Cluster again = start("node", port, Map.of());
        assertEquals(1, again.join(List.of(seed.localId().address())));
        await(() -> seed.members().stream().anyMatch(m -> m.name().equals("node") && m.state() == MemberState.ALIVE
                && m.incarnation() > inc), "the seed holds the new life");
    }

    @Test
    void haltIsACrashTheOthersDetect() {
        Cluster a = start("a");
        Cluster b = start("b");
        b.join(List.of(a.localId().address()));
        BlockingQueue<ClusterEvent> aboutB = new LinkedBlockingQueue<>();
        a.subscribe(e -> {
            if ((e instanceof ClusterEvent.MemberFailed f && f.member().name().equals("b"))
                    || (e instanceof ClusterEvent.MemberLeft l && l.member().name().equals("b"))) {
                aboutB.add(e);
            }
        });
        await(() -> a.members().size() == 2, "a sees b");
        b.halt();
        await(() -> !aboutB.isEmpty(), "a detects b's crash");
        assertTrue(aboutB.peek() instanceof ClusterEvent.MemberFailed, "a crash, not a leave: " + aboutB.peek());
        assertThrows(NotStartedException.class, () -> b.updateTag("k", "v"));
        b.halt(); // idempotent
    }

    @Test
    void aTagChangeCompletesOnceSentAndThenSpreads() throws Exception {
        Cluster alone = start("alone");
        alone.updateTag("k", "1").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("k", "1"), alone.localMember().tags(), "the local view holds it when the call returns");

        Cluster a = start("a");
        Cluster b = start("b");
        b.join(List.of(a.localId().address()));
        await(() -> a.members().size() == 2, "a sees b");
        CompletableFuture<Void> sent = b.updateTag("role", "web").toCompletableFuture();
        assertEquals(Map.of("role", "web"), b.localMember().tags());
        sent.get(30, TimeUnit.SECONDS);
        await(() -> a.membersWithTag("role", "web").size() == 1, "a hears of the tag");
        b.removeTag("role").toCompletableFuture().get(30, TimeUnit.SECONDS);
        await(() -> a.membersWithTag("role", "web").isEmpty(), "a hears the tag removed");
    }

    @Test
    void aTagChangeStillWaitingFailsWhenTheNodeStops() {
        Cluster a = start("a");
        Cluster b = start("b");
        b.join(List.of(a.localId().address()));
        a.halt();
        // b still holds a ALIVE for a while, so the change waits for a first round that may never come
        CompletableFuture<Void> sent = b.updateTag("k", "v").toCompletableFuture();
        b.halt();
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof ChorusException, e.toString());
        } catch (Exception e) {
            throw new AssertionError("the stage must end when the node stops", e);
        }
    }

    @Test
    void aMalformedSeedIsRefusedWhenTheConfigIsBuilt() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ClusterConfig.builder("a").seed("10.0.0.1:7946").seed("10.0.0.1").build());
        assertEquals("seeds[1]", e.field());
        assertTrue(e.getMessage().contains("name@host:port or host:port"), e.getMessage());
    }
}
