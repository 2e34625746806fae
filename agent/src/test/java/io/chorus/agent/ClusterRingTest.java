package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ring through the public api, with every module on the module path: every node agrees on the owners. */
class ClusterRingTest {
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    @Test
    void theRingFollowsMembershipAndSaysWhatShareMoved() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            nodes.add(Chorus.create(ClusterConfig.builder("m" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0).build()).start());
        }
        Cluster first = nodes.get(0);
        java.util.concurrent.BlockingQueue<io.chorus.api.ClusterEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        for (Cluster n : nodes.subList(1, 4)) {
            n.join(List.of(first.localId().address()));
        }
        awaitAlive(4);
        Ring four = first.ring();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (four.members().size() != 4) {
            assertTrue(System.nanoTime() < deadline, "the ring never held 4 members");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            four = first.ring();
        }
        first.subscribe(events::add);
        Cluster fifth = Chorus.create(ClusterConfig.builder("m4").profile(Profile.LOCAL).bind("127.0.0.1", 0).build()).start();
        nodes.add(fifth);
        fifth.join(List.of(first.localId().address()));
        io.chorus.api.ClusterEvent.RingChanged changed = null;
        while (changed == null || changed.members() != 5) {
            io.chorus.api.ClusterEvent e = events.poll(60, TimeUnit.SECONDS);
            assertTrue(e != null, "no RingChanged event with 5 members");
            if (e instanceof io.chorus.api.ClusterEvent.RingChanged r) {
                changed = r;
            }
        }
        // one member in five takes about a fifth of the keys, and nothing else moves
        assertTrue(changed.movedShare() > 0.05 && changed.movedShare() < 0.40, "moved " + changed.movedShare());
        assertTrue(changed.epoch() > four.epoch());
        assertEquals(5, first.ring().members().size());
    }

    private void awaitAlive(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.stream().anyMatch(c -> c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() != n)) {
            assertTrue(System.nanoTime() < deadline, "the cluster did not converge");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void everyNodeComputesTheSameOwnersInDistinctZones() {
        for (int i = 0; i < 4; i++) {
            ClusterConfig c = ClusterConfig.builder("r" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0)
                    .tag("zone", "z" + (i % 2)).build();
            nodes.add(Chorus.create(c).start());
        }
        for (Cluster n : nodes.subList(1, 4)) {
            n.join(List.of(nodes.get(0).localId().address()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.stream().anyMatch(n -> n.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() != 4
                || n.ring().members().size() != 4)) { // each ring is rebuilt just after its node's membership changes
            assertTrue(System.nanoTime() < deadline, "the cluster did not converge");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        Ring first = nodes.get(0).ring();
        assertEquals(4, first.members().size());
        for (int k = 0; k < 200; k++) {
            String key = "session-" + k;
            List<String> expected = first.owners(key, 2).stream().map(Member::name).toList();
            assertEquals(2, expected.size());
            List<String> zones = first.owners(key, 2).stream().map(m -> m.tags().get("zone")).toList();
            assertTrue(!zones.get(0).equals(zones.get(1)), key + ": replicas in one zone " + zones);
            for (Cluster n : nodes) {
                assertEquals(expected, n.ring().owners(key, 2).stream().map(Member::name).toList(), key + " on " + n.localId());
                assertEquals(expected.get(0), n.ring().owner(key).orElseThrow().name());
            }
        }
    }
}
