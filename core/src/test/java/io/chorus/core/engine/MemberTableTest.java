package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemberTableTest {
    private static final MemberState[] STATES = MemberState.values();

    /** The model of one member. */
    private record Entry(Peer peer, MemberState state, long inc) {
    }

    @Test
    void addFindAndCountsPerState() {
        MemberTable t = new MemberTable(true);
        Peer a = peer("a", 1);
        Peer b = peer("b", 2);
        assertEquals(0, t.add(a, MemberState.ALIVE, 3, Tags.EMPTY, 10));
        assertEquals(1, t.add(b, MemberState.SUSPECT, 4, Tags.of(Map.of("role", "db")), 20));
        assertEquals(0, t.find(a));
        assertEquals(1, t.find("b"));
        assertEquals(-1, t.find("c"));
        assertEquals(-1, t.find(peer("c", 3)));
        assertEquals(1, t.find(peer("b", 9)), "a member is found by name whatever its address");
        assertEquals(List.of(1, 1, 0, 0), counts(t));
        t.setState(0, MemberState.DEAD, 30);
        assertEquals(List.of(0, 1, 1, 0), counts(t));
        assertEquals(30, t.changedAt[0]);
        assertEquals(MemberState.DEAD, t.member(0).state());
        assertEquals(Map.of("role", "db"), t.member(1).tags());
        assertEquals(4, t.member(1).incarnation());
    }

    @Test
    void removeMovesTheLastSlotIntoTheHole() {
        MemberTable t = new MemberTable(true);
        Peer[] peers = new Peer[5];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = peer("m" + i, i + 1);
            t.add(peers[i], STATES[i % 4], i, Tags.EMPTY, i);
        }
        t.member(4);
        t.remove(1);
        assertEquals(4, t.size);
        assertSame(peers[4], t.peers[1]);
        assertEquals(4, t.incs[1]);
        assertEquals(MemberState.ALIVE, t.state(1));
        assertEquals(4, t.changedAt[1]);
        assertEquals("m4", t.member(1).name());
        assertEquals(1, t.find("m4"));
        assertEquals(-1, t.find("m1"));
        assertEquals(null, t.peers[4], "the vacated slot holds no reference");
        assertEquals(List.of(2, 0, 1, 1), counts(t));
        t.remove(3);
        assertEquals(3, t.size);
        assertEquals(-1, t.find("m3"));
        assertEquals(List.of(2, 0, 1, 0), counts(t));
    }

    @Test
    void membersWithEqualNameHashesAreAllFoundAcrossRemovals() {
        // "Aa" and "BB" share a String hash code, so every name below lands on one probe chain
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            StringBuilder sb = new StringBuilder("x");
            for (int bit = 0; bit < 5; bit++) {
                sb.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
            }
            names.add(sb.toString());
        }
        int hash = names.get(0).hashCode();
        assertTrue(names.stream().allMatch(n -> n.hashCode() == hash));
        Map<String, Entry> model = new HashMap<>();
        MemberTable t = new MemberTable(false);
        for (int i = 0; i < names.size(); i++) {
            Peer p = peer(names.get(i), i + 1);
            t.add(p, MemberState.ALIVE, i, Tags.EMPTY, 0);
            model.put(p.name(), new Entry(p, MemberState.ALIVE, i));
        }
        check(t, model, names);
        SplittableRandom rnd = new SplittableRandom(3);
        while (!model.isEmpty()) {
            String victim = names.get(rnd.nextInt(names.size()));
            if (model.remove(victim) != null) {
                t.remove(t.find(victim));
                check(t, model, names);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 1234, 987654321})
    void randomOperationsAgreeWithAHashMap(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pool.add("n" + i);
        }
        Map<String, Entry> model = new HashMap<>();
        MemberTable t = new MemberTable(rnd.nextBoolean());
        for (int op = 0; op < 20_000; op++) {
            String name = pool.get(rnd.nextInt(rnd.nextInt(10) == 0 ? pool.size() : 400));
            Entry e = model.get(name);
            int choice = rnd.nextInt(10);
            if (e == null) {
                if (choice < 7) {
                    Peer p = peer(name, 1 + rnd.nextInt(200));
                    MemberState state = STATES[rnd.nextInt(4)];
                    long inc = rnd.nextLong(1_000);
                    int slot = t.add(p, state, inc, Tags.EMPTY, op);
                    assertEquals(model.size(), slot, "a new member takes the next slot");
                    model.put(name, new Entry(p, state, inc));
                } else {
                    assertEquals(-1, t.find(name));
                }
            } else if (choice < 4) {
                int slot = t.find(name);
                int last = t.size - 1;
                Peer moved = t.peers[last];
                t.remove(slot);
                model.remove(name);
                if (slot != last) {
                    assertSame(moved, t.peers[slot], "the last slot moves into the hole");
                }
            } else if (choice < 8) {
                int slot = t.find(e.peer());
                MemberState state = STATES[rnd.nextInt(4)];
                t.setState(slot, state, op);
                t.incs[slot] = e.inc() + 1;
                model.put(name, new Entry(e.peer(), state, e.inc() + 1));
            } else {
                assertEquals(t.find(name), t.find(peer(name, 250)));
            }
            if (op % 97 == 0 || op > 19_900) {
                check(t, model, pool);
            }
        }
        check(t, model, pool);
    }

    @Test
    void growsPastItsInitialCapacity() {
        MemberTable t = new MemberTable(true);
        Map<String, Entry> model = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Peer p = peer("g" + i, 1 + i % 250);
            names.add(p.name());
            t.add(p, STATES[i % 4], i, Tags.EMPTY, i);
            model.put(p.name(), new Entry(p, STATES[i % 4], i));
        }
        check(t, model, names);
        assertEquals("g4999", t.member(4_999).name());
    }

    private static void check(MemberTable t, Map<String, Entry> model, List<String> names) {
        assertEquals(model.size(), t.size);
        int[] counts = new int[4];
        for (Entry e : model.values()) {
            counts[e.state().ordinal()]++;
            int slot = t.find(e.peer().name());
            assertTrue(slot >= 0 && slot < t.size, e.peer().name() + " not found");
            assertEquals(slot, t.find(e.peer()));
            assertSame(e.peer(), t.peers[slot]);
            assertEquals(e.state(), t.state(slot), e.peer().name());
            assertEquals(e.inc(), t.incs[slot], e.peer().name());
        }
        for (int s = 0; s < t.size; s++) {
            assertEquals(s, t.find(t.peers[s].name()), "slot " + s + " is indexed at its own slot");
            if (t.cache != null) {
                assertEquals(t.peers[s].id(), t.member(s).id());
                assertEquals(t.state(s), t.member(s).state());
            }
        }
        for (String n : names) {
            if (!model.containsKey(n)) {
                assertEquals(-1, t.find(n), n + " was removed");
            }
        }
        for (int st = 0; st < 4; st++) {
            assertEquals(counts[st], t.count(STATES[st]), "count of " + STATES[st]);
        }
    }

    private static List<Integer> counts(MemberTable t) {
        return List.of(t.count(STATES[0]), t.count(STATES[1]), t.count(STATES[2]), t.count(STATES[3]));
    }

    private static Peer peer(String name, int host) {
        return Peer.of(NodeId.parse(name + "@10.0." + (host >>> 8) + "." + (host & 255) + ":7946"));
    }
}
