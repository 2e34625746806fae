package io.chorus.core.sim;

import static io.chorus.core.sim.SimCluster.MS;
import static io.chorus.core.sim.SimCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Engine;
import io.chorus.core.sim.SimCluster.Life;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joining, as a caller sees it: the view is readable when the join returns; a name a live member
 * holds at another address is refused, the member that holds it is told; a name whose holder has
 * gone quiet, or a restart at the same address, joins as before.
 */
class JoinAndNamesSimTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void whenTheJoinReturnsTheViewHoldsEveryMemberTheSeedNamed(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(12).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Set<String> seedView = names(c.lives.get(0).engine().snapshot().members());
        for (int i = 0; i < 5; i++) {
            Life late = c.add("late" + i, b -> b);
            c.startAt(late, c.net.now);
            c.await("late" + i + " joins", 5 * SECOND, () -> late.joinResult != null);
            assertEquals(1, late.joinResult);
            Set<String> seen = names(late.joinView.members());
            assertTrue(seen.containsAll(seedView), "when its join returned, late" + i + " saw " + seen
                    + ", not every member of the seed's state " + seedView);
            seedView.add(late.name());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void aNameALiveMemberHoldsElsewhereIsRefusedAndItsHolderIsTold(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(8).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life holder = c.life("n3");
        long claimedAt = c.net.now;
        Life claimant = c.add("n3", b -> b);
        c.startAt(claimant, claimedAt);
        c.await("the claimant's join ends", 5 * SECOND, () -> claimant.joinResult != null);

        assertEquals(Engine.JOIN_REFUSED, claimant.joinResult, "the join is refused");
        assertEquals(holder.node.address, claimant.engine().nameHolder().address(), "the refusal names the holder's address");
        assertEquals(c.lives.get(0).node.address, claimant.engine().nameRefusedBy(), "the seed refused it");
        assertEquals(1, claimant.engine().snapshot().members().size(), "the claimant merged nothing");
        c.run(10 * SECOND);
        List<ClusterEvent> conflicts = holder.events.stream().map(SimCluster.Timed::event)
                .filter(e -> e instanceof ClusterEvent.NameConflict).toList();
        assertEquals(1, conflicts.size(), "the holder hears of it once: " + conflicts);
        ClusterEvent.NameConflict nc = (ClusterEvent.NameConflict) conflicts.get(0);
        assertEquals(holder.node.address, nc.holder().address());
        assertEquals(claimant.node.address, nc.claimant().address());
        for (Life o : c.lives) {
            if (o == claimant) {
                continue;
            }
            Member m = o.engine().snapshot().byName("n3");
            assertEquals(holder.node.address, m.id().address(), o.name() + " still holds n3 at its own address");
            assertEquals(MemberState.ALIVE, m.state(), o.name());
            assertEquals(List.of(), o.eventsAbout("n3", claimedAt), o.name() + " saw nothing happen to n3");
        }
        assertEquals(List.of(), c.transitions(t -> t.at() >= claimedAt && t.subject().name().equals("n3")
                && !t.observer().equals("n3")), "nobody's view of n3 moved");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void theSeedRefusesItsOwnName(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(4).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life claimant = c.add("n0", b -> b);
        c.startAt(claimant, c.net.now);
        c.await("the claimant's join ends", 5 * SECOND, () -> claimant.joinResult != null);
        assertEquals(Engine.JOIN_REFUSED, claimant.joinResult);
        assertEquals(c.lives.get(0).node.address, claimant.engine().nameHolder().address());
        c.run(SECOND);
        assertEquals(1, c.lives.get(0).events.stream().filter(t -> t.event() instanceof ClusterEvent.NameConflict).count(),
                "n0 raised one name-conflict event");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32})
    void aCrashedNodeRestartedElsewhereBeforeItIsDetectedJoins(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(8).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life old = c.life("n5");
        c.net.kill(old.node);
        // at once, long before anyone suspects it: its old address is silent
        Life fresh = c.add("n5", b -> b);
        c.startAt(fresh, c.net.now);
        c.await("the new n5 joins", 5 * SECOND, () -> fresh.joinResult != null);
        assertEquals(1, fresh.joinResult, "the silent holder's name moves");
        c.awaitConverged(20 * SECOND);
        for (Life o : c.live()) {
            assertEquals(fresh.node.address, o.engine().snapshot().byName("n5").id().address(), o.name());
        }
        assertTrue(old.events.stream().noneMatch(t -> t.event() instanceof ClusterEvent.NameConflict));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {41, 42})
    void aRestartAtTheSameAddressIsAReincarnationNotAConflict(long seed) {
        SimCluster c = SimCluster.lan(seed).nodes(6).startAll(20 * MS);
        c.awaitConverged(10 * SECOND);
        Life old = c.life("n2");
        long inc = old.engine().incarnation();
        Life fresh = c.replace(old, inc + 1);
        c.startAt(fresh, c.net.now);
        c.await("the restarted n2 joins", 5 * SECOND, () -> fresh.joinResult != null);
        assertEquals(1, fresh.joinResult);
        assertNotNull(fresh.joinView.byName("n0"));
        c.awaitConverged(20 * SECOND);
        for (Life o : c.live()) {
            assertTrue(o.events.stream().noneMatch(t -> t.event() instanceof ClusterEvent.NameConflict), o.name());
        }
    }

    private static Set<String> names(List<Member> members) {
        return members.stream().map(Member::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
