package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberSetChange;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tag watches, the coordinator and quorum through the public api, on real loopback sockets. */
class ViewsTest {
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private Cluster start(String name, Map<String, String> tags, Cluster seed) {
        Cluster c = Chorus.create(ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0).tags(tags).build());
        nodes.add(c);
        c.start();
        if (seed != null) {
            c.join(List.of(seed.localId().address()));
        }
        return c;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static String describe(MemberSetChange c) {
        return "members " + names(c.members()) + " joined " + names(c.joined()) + " left " + names(c.left()) + " updated "
                + names(c.updated());
    }

    private static List<String> names(List<Member> ms) {
        return ms.stream().map(Member::name).toList();
    }

    private static String next(BlockingQueue<MemberSetChange> q) throws InterruptedException {
        MemberSetChange c = q.poll(60, TimeUnit.SECONDS);
        assertTrue(c != null, "no change arrived");
        return describe(c);
    }

    @Test
    void aTagWatchSeesExactlyTheChangesOfMatchingMembersInOrder() throws Exception {
        Cluster a = start("a", Map.of("role", "api"), null);
        Cluster w1 = start("w1", Map.of("role", "worker"), a);
        await(() -> a.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == 2, "w1 joined");
        BlockingQueue<MemberSetChange> q = new LinkedBlockingQueue<>();
        Subscription sub = a.watch(Map.of("role", "worker"), q::add);
        assertEquals("members [w1] joined [w1] left [] updated []", next(q), "the current set at once");

        Cluster w2 = start("w2", Map.of("role", "worker"), a);
        assertEquals("members [w1, w2] joined [w2] left [] updated []", next(q));
        Cluster db = start("db", Map.of("role", "db"), a);
        await(() -> a.member(db.localId()).isPresent(), "db joined");
        w2.updateTag("version", "2");
        assertEquals("members [w1, w2] joined [] left [] updated [w2]", next(q), "a non-matching join is not a change");
        db.updateTag("role", "worker");
        assertEquals("members [db, w1, w2] joined [db] left [] updated []", next(q), "gaining the tag joins the set");
        w1.updateTag("role", "retired");
        assertEquals("members [db, w2] joined [] left [w1] updated []", next(q), "losing the tag leaves it");
        w2.leave();
        assertEquals("members [db] joined [] left [w2] updated []", next(q));
        sub.close();
        db.updateTag("role", "db");
        await(() -> a.member(db.localId()).map(m -> "db".equals(m.tags().get("role"))).orElse(false), "db's tag arrived");
        assertEquals(null, q.poll(200, TimeUnit.MILLISECONDS), "nothing after the watch is closed");
    }

    @Test
    void everyNodeNamesTheSameCoordinatorAndHoldsQuorum() throws Exception {
        Cluster first = start("c1", Map.of(), null);
        List<Cluster> all = new ArrayList<>(List.of(first));
        for (int i = 2; i <= 4; i++) {
            all.add(start("c" + i, Map.of(), first));
        }
        await(() -> all.stream().allMatch(c -> c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == 4),
                "the cluster did not converge");
        await(() -> all.stream().map(c -> c.coordinator().orElseThrow().name()).distinct().count() == 1,
                "the nodes never agreed on a coordinator");
        String coordinator = first.coordinator().orElseThrow().name();
        assertTrue(all.stream().allMatch(Cluster::hasQuorum));

        BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
        Cluster watcher = all.stream().filter(c -> !c.localId().name().equals(coordinator)).findFirst().orElseThrow();
        watcher.subscribe(e -> {
            if (e instanceof ClusterEvent.CoordinatorChanged || e instanceof ClusterEvent.QuorumChanged) {
                events.add(e);
            }
        });
        all.stream().filter(c -> c.localId().name().equals(coordinator)).findFirst().orElseThrow().leave();
        ClusterEvent e = events.poll(60, TimeUnit.SECONDS);
        assertTrue(e instanceof ClusterEvent.CoordinatorChanged c && !c.coordinator().name().equals(coordinator),
                "a new coordinator after the old one left: " + e);
        List<Cluster> rest = all.stream().filter(c -> !c.localId().name().equals(coordinator)).toList();
        await(() -> rest.stream().map(c -> c.coordinator().orElseThrow().name()).distinct().count() == 1,
                "the rest never agreed on a new coordinator");
        assertTrue(rest.stream().allMatch(Cluster::hasQuorum), "a graceful leave shrinks the cluster: quorum holds");
        assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "quorum never flipped");
    }
}
