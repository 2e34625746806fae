package io.chorus.core.sim;

import static io.chorus.core.sim.SimCluster.MS;
import static io.chorus.core.sim.SimCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.core.sim.SimCluster.Life;
import io.chorus.core.sim.SimCluster.Timed;
import io.chorus.core.sim.SimCluster.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineScenarioTest {

    @ParameterizedTest(name = "{0} nodes, seed {1}")
    @CsvSource({"5, 1", "5, 2", "50, 3", "50, 4"})
    void nodesJoiningThroughOneSeedConverge(int n, long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(n).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        for (Life life : c.lives.subList(1, n)) {
            assertEquals(1, life.joinCallbacks, life.name() + "'s join callback runs once");
            assertEquals(1, life.joinResult, life.name() + " heard from its one seed");
        }
        // the seed hears of each joiner first, from the joiner itself: in the order they started
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            expected.add("n" + i);
        }
        assertEquals(expected, joinedNames(c.lives.get(0)));
        // every node: one MemberJoined per other member, in the order they arrived in its view, and nothing else
        for (Life life : c.lives) {
            List<String> arrivals = new ArrayList<>();
            for (Transition t : c.transitions(t -> t.observer().equals(life.name()) && t.from() == null)) {
                if (!t.subject().name().equals(life.name())) {
                    arrivals.add(t.subject().name());
                }
            }
            assertEquals(n - 1, arrivals.size(), life.name());
            assertEquals(arrivals, joinedNames(life), life.name() + ": events in order of arrival");
            List<ClusterEvent> membership = life.events.stream().map(SimCluster.Timed::event)
                    .filter(e -> !(e instanceof ClusterEvent.CoordinatorChanged || e instanceof ClusterEvent.QuorumChanged))
                    .toList();
            assertEquals(n - 1, membership.size(), life.name() + ": no other events on a lossless network: " + life.events);
            // the coordinator: itself while alone, then the oldest (all started at incarnation 0: the first name)
            List<String> coordinators = life.events.stream().map(SimCluster.Timed::event)
                    .filter(e -> e instanceof ClusterEvent.CoordinatorChanged).map(e -> ((ClusterEvent.CoordinatorChanged) e)
                            .coordinator().name()).toList();
            assertEquals("n0", coordinators.get(coordinators.size() - 1), life.name() + ": " + coordinators);
            assertEquals(life.name().equals("n0") ? List.of("n0") : List.of(life.name(), "n0"), coordinators, life.name());
            // a lossless cluster that only grows holds quorum from the start and never flips
            assertEquals(List.of(true), life.events.stream().map(SimCluster.Timed::event)
                    .filter(e -> e instanceof ClusterEvent.QuorumChanged).map(e -> ((ClusterEvent.QuorumChanged) e).quorum())
                    .toList(), life.name());
        }
    }

    @Test
    void joiningAnAddressWhereNobodyListensTimesOut() {
        SimCluster c = SimCluster.lan(3);
        Life life = c.add("lonely", b -> b.joinTimeout(Duration.ofSeconds(2)));
        c.net.start(life.node);
        long start = c.net.now;
        life.engine().join(List.of(SimCluster.nowhere()), r -> {
            life.joinResult = r;
            life.joinDoneAt = c.net.now;
            life.joinCallbacks++;
        });
        c.net.run(start + 2 * SECOND - 1, null);
        assertNull(life.joinResult, "no verdict before the join timeout");
        c.run(5 * SECOND);
        assertEquals(1, life.joinCallbacks);
        assertEquals(-1, life.joinResult);
        assertTrue(life.joinDoneAt >= start + 2 * SECOND && life.joinDoneAt <= start + 2 * SECOND + 10 * MS,
                "timed out at " + SimCluster.ms(life.joinDoneAt - start));
        assertTrue(life.engine().running(), "a failed join leaves the node running");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20, 21, 22})
    void aKilledNodeIsDeclaredDeadEverywhereWithinTheSuspicionBound(long seed) {
        int n = 20;
        SimCluster c = SimCluster.lan(seed).nodes(n).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        c.run(2 * SECOND);
        ClusterConfig config = c.lives.get(0).config;
        long interval = config.probeInterval().toNanos();
        long suspicionMin = (long) (config.suspicionMultiplier() * Math.max(1, Math.log10(n)) * interval);
        assertEquals(2_602 * MS, suspicionMin / MS * MS, "LAN: 4 x log10(20) x 500 ms");
        // someone has to probe it and wait out the round (probe slack), then the minimum suspicion
        // runs (the confirmations arrive while it does), then the death spreads (gossip slack)
        long bound = 8 * interval + suspicionMin + 5 * config.gossipInterval().toNanos();

        Life victim = c.life("n7");
        c.net.kill(victim.node);
        long killedAt = c.net.now;
        long doneAt = c.await("every live node marks n7 DEAD", bound, () -> c.allSee("n7", MemberState.DEAD));
        Transition firstDeath = c.deathsDeclared.get(0);
        assertTrue(firstDeath.at() - killedAt >= suspicionMin, "no death before the minimum suspicion timeout: "
                + SimCluster.ms(firstDeath.at() - killedAt));
        for (Transition t : c.deathsDeclared) {
            assertEquals("n7", t.subject().name(), "only the killed node is declared dead");
        }
        for (Life life : c.live()) {
            List<ClusterEvent> about = life.eventsAbout("n7", killedAt);
            assertEquals(2, about.size(), life.name() + ": " + about);
            assertInstanceOf(ClusterEvent.MemberSuspected.class, about.get(0), life.name());
            ClusterEvent.MemberFailed failed = assertInstanceOf(ClusterEvent.MemberFailed.class, about.get(1), life.name());
            // the killed process's host refuses the stream fallback probe: a node whose own probe met
            // the refusal says so; one that only heard the accusations says silence
            assertTrue(failed.reason() == FailureReason.CONNECTION_REFUSED || failed.reason() == FailureReason.PROBE_TIMEOUT,
                    life.name() + ": " + failed);
            assertEquals(MemberState.DEAD, failed.member().state());
        }
        // it stays dead: nobody brings it back while it is gone
        c.run(30 * SECOND);
        assertTrue(c.allSee("n7", MemberState.DEAD), c.views());
        assertTrue(doneAt > killedAt);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 46, 60})
    void noLiveNodeIsDeclaredDeadUnderTenPercentLoss(long seed) {
        // 30 nodes for 3 minutes: the stream fallback probe rescues most probes that lose a datagram,
        // so it takes this many probes for the loss to cause suspicions at all
        SimCluster c = new SimCluster(seed, 0.10, MS).nodes(30).startAll(20 * MS);
        c.awaitConverged(20 * SECOND);
        c.run(180 * SECOND);
        assertTrue(c.suspicionsRaised.size() > 0, "the loss causes suspicions, or the run proves nothing");
        assertEquals(List.of(), c.deathsDeclared, "false positives");
        assertEquals(List.of(), c.transitions(t -> t.to() == MemberState.DEAD), "no view ever holds a live node DEAD");
        c.awaitConverged(10 * SECOND);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 60, 61})
    void aPausedNodeRefutesItsSuspicion(long seed) {
        int n = 20;
        SimCluster c = SimCluster.lan(seed).nodes(n).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        c.run(2 * SECOND);
        Life sleeper = c.life("n5");
        long before = sleeper.engine().incarnation();
        // frozen until someone suspects it, then 1 s more: well inside the 2.6 s minimum suspicion
        // timeout (a pause only ever grows, or the timers it held back would fire late)
        long pausedAt = c.net.now;
        sleeper.node.pausedUntil = pausedAt + 500 * MS;
        long suspectedAt = c.await("someone suspects the frozen n5", 10 * SECOND, () -> {
            sleeper.node.pausedUntil = Math.max(sleeper.node.pausedUntil, c.net.now + 500 * MS);
            return !c.transitions(t -> t.subject().name().equals("n5") && t.to() == MemberState.SUSPECT).isEmpty();
        });
        sleeper.node.pausedUntil = Math.max(sleeper.node.pausedUntil, suspectedAt + SECOND);
        assertTrue(sleeper.node.pausedUntil - suspectedAt < 2_602 * MS);
        assertEquals(before, sleeper.engine().incarnation(), "a frozen node does nothing");
        c.await("n5 refutes and is ALIVE everywhere", 20 * SECOND, () -> c.net.now > sleeper.node.pausedUntil
                && sleeper.engine().incarnation() > before && c.converged() && incarnationSeenEverywhere(c, sleeper));
        c.run(20 * SECOND);
        assertTrue(sleeper.engine().incarnation() > before);
        assertTrue(sleeper.engine().stats().refutations() >= 1);
        assertEquals(List.of(), c.transitions(t -> t.subject().name().equals("n5") && t.to() == MemberState.DEAD),
                "nobody declares n5 DEAD");
        assertTrue(c.converged(), c.views());
        assertTrue(incarnationSeenEverywhere(c, sleeper), c.views());
        for (Life life : c.live()) {
            for (ClusterEvent e : life.eventsAbout("n5", 0)) {
                assertTrue(!(e instanceof ClusterEvent.MemberFailed), life.name() + ": " + e);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8, 80})
    void aDeadNodeRestartedElsewhereComesBackWithAHigherIncarnation(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(10).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life old = c.life("n3");
        c.net.kill(old.node);
        c.await("every live node marks n3 DEAD", 20 * SECOND, () -> c.allSee("n3", MemberState.DEAD));
        long oldInc = c.lives.get(0).engine().snapshot().byName("n3").incarnation();

        // a new process with the same name at a new address, from incarnation 0
        long restartAt = c.net.now;
        Life fresh = c.add("n3", b -> b);
        c.startAt(fresh, restartAt);
        assertReincarnated(c, fresh, old, oldInc, restartAt);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {9, 90})
    void aNodeRestartedInPlaceStartsAboveItsPreviousLife(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(10).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life old = c.life("n4");
        old.engine().updateTags(Map.of("v", "1"));
        c.await("the tags spread", gossipOrPushPull(old.config), () -> incarnationSeenEverywhere(c, old));
        long oldInc = old.engine().incarnation();
        c.net.kill(old.node);
        c.await("every live node marks n4 DEAD", 20 * SECOND, () -> c.allSee("n4", MemberState.DEAD));

        // a real restart at the same address: the runtime hands the new life an incarnation above the old one
        long restartAt = c.net.now;
        Life fresh = c.replace(old, oldInc + 1);
        c.startAt(fresh, restartAt);
        assertReincarnated(c, fresh, old, oldInc, restartAt);
        for (Life o : c.live()) {
            assertEquals(Map.of(), o.engine().snapshot().byName("n4").tags(), o.name() + " holds the new life's tags");
        }
    }

    private static void assertReincarnated(SimCluster c, Life fresh, Life old, long oldInc, long restartAt) {
        // the old life never comes back: from the restart on, whoever holds the name ALIVE holds the new life
        Runnable noGhost = () -> {
            for (Life o : c.live()) {
                Member m = o.engine().snapshot().byName(fresh.name());
                if (m != null && m.state() == MemberState.ALIVE) {
                    assertTrue(m.incarnation() > oldInc && m.id().address().equals(fresh.node.address),
                            o.name() + " holds the old life ALIVE at " + SimCluster.ms(c.net.now) + ": " + m);
                }
            }
        };
        c.await("the new " + fresh.name() + " is ALIVE everywhere", 20 * SECOND, () -> {
            noGhost.run();
            return c.converged();
        });
        c.runChecking(30 * SECOND, noGhost);
        assertTrue(c.converged(), c.views());
        assertTrue(fresh.engine().incarnation() > oldInc, "new life at " + fresh.engine().incarnation() + ", old at " + oldInc);
        for (Life o : c.live()) {
            Member m = o.engine().snapshot().byName(fresh.name());
            assertEquals(fresh.node.address, m.id().address(), o.name());
            assertEquals(MemberState.ALIVE, m.state(), o.name());
            assertEquals(fresh.engine().incarnation(), m.incarnation(), o.name());
            if (o != fresh) {
                List<ClusterEvent> about = o.eventsAbout(fresh.name(), restartAt);
                assertEquals(1, about.size(), o.name() + ": " + about);
                assertInstanceOf(ClusterEvent.MemberJoined.class, about.get(0), o.name());
            }
        }
        assertEquals(List.of(), c.transitions(t -> t.at() >= restartAt && t.subject().name().equals(fresh.name())
                && (t.to() == MemberState.SUSPECT || t.to() == MemberState.DEAD)), "the new life is never suspected");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 110})
    void newTagsReachEveryNode(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(12).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life tagged = c.life("n6");
        long before = tagged.engine().incarnation();
        long at = c.net.now;
        tagged.engine().updateTags(Map.of("role", "db", "zone", "b"));
        assertEquals(before + 1, tagged.engine().incarnation());
        assertEquals(Map.of("role", "db", "zone", "b"), tagged.engine().snapshot().local().tags());
        c.await("every node holds n6's new tags", gossipOrPushPull(tagged.config), () -> {
            for (Life o : c.live()) {
                if (!Map.of("role", "db", "zone", "b").equals(o.engine().snapshot().byName("n6").tags())) {
                    return false;
                }
            }
            return true;
        });
        c.run(5 * SECOND);
        for (Life o : c.live()) {
            Member m = o.engine().snapshot().byName("n6");
            assertEquals(before + 1, m.incarnation(), o.name());
            assertEquals(MemberState.ALIVE, m.state(), o.name());
            List<ClusterEvent> about = o.eventsAbout("n6", at);
            assertEquals(1, about.size(), o.name() + ": " + about);
            ClusterEvent.MemberUpdated u = assertInstanceOf(ClusterEvent.MemberUpdated.class, about.get(0), o.name());
            assertEquals(Map.of(), u.previous().tags());
            assertEquals(Map.of("role", "db", "zone", "b"), u.current().tags());
        }
        // the same tags again change nothing
        tagged.engine().updateTags(Map.of("zone", "b", "role", "db"));
        assertEquals(before + 1, tagged.engine().incarnation());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {12, 1002})
    void aLeavingNodeIsMarkedLeftNotDead(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(10).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life leaver = c.life("n2");
        long[] doneAt = {-1};
        int[] calls = {0};
        long at = c.net.now;
        leaver.engine().leave(() -> {
            doneAt[0] = c.net.now;
            calls[0]++;
        });
        long leaveTimeout = leaver.config.leaveTimeout().toNanos();
        c.await("the leave callback", leaveTimeout, () -> calls[0] > 0);
        assertTrue(doneAt[0] - at <= leaveTimeout, "left after " + SimCluster.ms(doneAt[0] - at));
        assertTrue(!leaver.engine().running());
        c.await("every other node marks n2 LEFT", 10 * SECOND, () -> c.allSee("n2", MemberState.LEFT));
        c.run(60 * SECOND);
        assertEquals(1, calls[0]);
        assertTrue(c.allSee("n2", MemberState.LEFT), c.views());
        assertTrue(c.converged(), c.views());
        assertEquals(List.of(), c.transitions(t -> t.subject().name().equals("n2") && t.to() == MemberState.DEAD),
                "nobody marks the leaver DEAD");
        for (Life o : c.live()) {
            long leftAt = c.transitions(t -> t.observer().equals(o.name()) && t.subject().name().equals("n2")
                    && t.to() == MemberState.LEFT).get(0).at();
            assertEquals(List.of(), c.transitions(t -> t.observer().equals(o.name()) && t.subject().name().equals("n2")
                    && t.at() > leftAt), o.name() + " changes its mind about n2");
            List<ClusterEvent> about = o.eventsAbout("n2", at);
            assertInstanceOf(ClusterEvent.MemberLeft.class, about.get(about.size() - 1), o.name() + ": " + about);
            assertEquals(1, about.stream().filter(e -> e instanceof ClusterEvent.MemberLeft).count(), o.name());
        }
        // leaving twice, or after stopping, just runs the callback
        int[] again = {0};
        leaver.engine().leave(() -> again[0]++);
        assertEquals(1, again[0]);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {30, 31})
    void aHealedPartitionConvergesAgain(long seed) {
        int n = 30;
        SimCluster c = SimCluster.lan(seed).nodes(n).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        c.run(2 * SECOND);
        // 30% of the nodes, chosen by the seed, on side B
        SplittableRandom rnd = new SplittableRandom(seed);
        int cut = 0;
        while (cut < Math.round(0.3 * n)) {
            int i = rnd.nextInt(n);
            if (!c.net.sideB[i]) {
                c.net.sideB[i] = true;
                cut++;
            }
        }
        c.net.partitioned = true;
        long cutAt = c.net.now;
        ClusterConfig config = c.lives.get(0).config;
        long interval = config.probeInterval().toNanos();
        long suspicionMax = (long) (config.suspicionMultiplier() * Math.log10(n) * interval) * config.suspicionMaxMultiplier();
        // the majority confirms its suspicions of the minority quickly
        c.await("side A marks side B DEAD", 10 * SECOND, () -> sideSeesOtherDead(c, false));
        // the minority gets neither acks nor nacks, so Lifeguard slows its probing; each majority
        // member is DEAD there at most one maximum suspicion timeout after its first failed probe
        c.await("side B marks side A DEAD", 20 * SECOND + suspicionMax, () -> sideSeesOtherDead(c, true));
        c.net.run(Math.max(c.net.now, cutAt + 20 * SECOND), null);
        for (Life o : c.lives) {
            for (Life s : c.lives) {
                boolean across = c.net.sideB[o.node.index] != c.net.sideB[s.node.index];
                MemberState expected = across ? MemberState.DEAD : MemberState.ALIVE;
                assertEquals(expected, o.engine().stateOf(s.name()), o.name() + " about " + s.name() + "\n" + c.views());
            }
        }
        // quorum: the 70% side keeps it, the 30% side loses it, each with one event
        for (Life l : c.lives) {
            boolean minority = c.net.sideB[l.node.index];
            assertEquals(!minority, l.engine().hasQuorum(), l.name());
            List<Boolean> flips = quorumFlips(l, cutAt);
            assertEquals(minority ? List.of(false) : List.of(), flips, l.name() + " quorum events during the partition");
            // each side has a coordinator of its own: the oldest it still sees ALIVE
            assertEquals(c.net.sideB[c.life(l.engine().coordinator().name()).node.index], minority, l.name());
        }
        long healAt = c.net.now;
        c.net.partitioned = false;
        c.await("every node sees every node ALIVE after the heal", 60 * SECOND, c::converged);
        c.run(30 * SECOND);
        assertTrue(c.converged(), c.views());
        for (Life l : c.lives) {
            assertTrue(l.engine().hasQuorum(), l.name());
            assertEquals(c.net.sideB[l.node.index] ? List.of(true) : List.of(), quorumFlips(l, healAt), l.name()
                    + " regains quorum after the heal");
            assertEquals("n0", l.engine().coordinator().name(), "one coordinator again: " + l.name());
        }
    }

    private static List<Boolean> quorumFlips(Life l, long since) {
        return l.events.stream().filter(t -> t.at() >= since && t.event() instanceof ClusterEvent.QuorumChanged)
                .map(t -> ((ClusterEvent.QuorumChanged) t.event()).quorum()).toList();
    }

    private static boolean sideSeesOtherDead(SimCluster c, boolean sideB) {
        for (Life o : c.lives) {
            if (c.net.sideB[o.node.index] != sideB) {
                continue;
            }
            for (Life s : c.lives) {
                if (c.net.sideB[s.node.index] != sideB && o.engine().stateOf(s.name()) != MemberState.DEAD) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * How long an update may take to reach every node: gossip spreads it in a few rounds, but it
     * is probabilistic (and tag updates stop early on rumor-mongering feedback), so a node it
     * missed learns it at its next push-pull, which comes within 1.5 push-pull intervals.
     */
    private static long gossipOrPushPull(ClusterConfig config) {
        return config.pushPullInterval().toNanos() * 3 / 2 + 5 * SECOND;
    }

    private static boolean incarnationSeenEverywhere(SimCluster c, Life subject) {
        long inc = subject.engine().incarnation();
        for (Life o : c.live()) {
            Member m = o.engine().snapshot().byName(subject.name());
            if (m == null || m.incarnation() != inc) {
                return false;
            }
        }
        return true;
    }

    private static List<String> joinedNames(Life life) {
        List<String> names = new ArrayList<>();
        for (Timed t : life.events) {
            if (t.event() instanceof ClusterEvent.MemberJoined j) {
                names.add(j.member().name());
            }
        }
        return names;
    }
}
