package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.testkit.Allocations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Correctness of the three rings: ownership, replicas, zones, weights, determinism. */
class RingTest {

    static List<String> strategies() {
        return Rings.STRATEGIES;
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void anEmptyRingOwnsNothing(String strategy) {
        Ring ring = Rings.strategy(strategy).build(List.of(), XxHash64.INSTANCE, 7);
        assertEquals(7, ring.epoch());
        assertEquals(List.of(), ring.members());
        assertEquals(Optional.empty(), ring.owner("k"));
        assertEquals(List.of(), ring.owners("k", 3));
        assertEquals(-1, RingIndex.ownerIndex(ring, 42));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aRingKeepsItsEpochAndListsItsMembersByName(String strategy) {
        List<Member> members = new ArrayList<>(Rings.members(12));
        Collections.shuffle(members, new Random(3));
        Ring ring = Rings.strategy(strategy).build(members, XxHash64.INSTANCE, 99);
        assertEquals(99, ring.epoch());
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        assertEquals(sorted, ring.members());
        assertThrows(UnsupportedOperationException.class, () -> ring.members().clear());
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aSingleMemberOwnsEverything(String strategy) {
        Ring ring = Rings.build(strategy, Rings.members(1));
        for (int i = 0; i < 1000; i++) {
            assertEquals("node-0", ring.owner("k" + i).orElseThrow().name());
            assertEquals(1, ring.owners("k" + i, 3).size());
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void ownersAreTheSameWhateverOrderMembersComeIn(String strategy) {
        List<Member> members = new ArrayList<>(Rings.members(50));
        AbstractRing first = Rings.build(strategy, members);
        Collections.shuffle(members, new Random(11));
        AbstractRing second = Rings.build(strategy, members);
        AbstractRing again = Rings.build(strategy, members);
        for (int i = 0; i < 5000; i++) {
            String key = "key-" + i;
            assertEquals(first.owner(key), second.owner(key));
            assertEquals(first.owner(key), again.owner(key));
            assertEquals(first.owners(key, 4), second.owners(key, 4));
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void theFastPathAgreesWithOwner(String strategy) {
        AbstractRing ring = Rings.build(strategy, Rings.members(37));
        for (int i = 0; i < 5000; i++) {
            String key = "key-" + i;
            int index = RingIndex.ownerIndex(ring, RingIndex.keyHash(ring, key));
            assertEquals(ring.owner(key).orElseThrow(), ring.members().get(index));
            assertSame(ring.owner(key).orElseThrow(), ring.members().get(index));
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void ownersAreDistinctAndStartWithTheOwner(String strategy) {
        AbstractRing ring = Rings.build(strategy, Rings.members(20));
        for (int i = 0; i < 2000; i++) {
            String key = "key-" + i;
            for (int r : new int[] {1, 2, 3, 5, 20, 25}) {
                List<Member> owners = ring.owners(key, r);
                assertEquals(Math.min(r, 20), owners.size());
                assertEquals(owners.size(), new HashSet<>(owners).size(), "distinct");
                assertEquals(ring.owner(key).orElseThrow(), owners.get(0));
            }
            List<Member> three = ring.owners(key, 3);
            assertEquals(three, ring.owners(key, 5).subList(0, 3), "a prefix of the longer list");
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void replicasPreferDistinctZones(String strategy) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(Rings.member("node-" + i, Map.of("zone", "zone-" + (i % 3))));
        }
        AbstractRing ring = Rings.build(strategy, members);
        for (int i = 0; i < 2000; i++) {
            String key = "key-" + i;
            List<Member> three = ring.owners(key, 3);
            assertEquals(3, zones(three).size(), () -> "three zones: " + three);
            List<Member> five = ring.owners(key, 5);
            assertEquals(three, five.subList(0, 3));
            assertEquals(5, new HashSet<>(five).size());
            // the two extra members are the first ones the walk passed over, in ring order
            List<Member> plain = ringOrder(ring, key);
            List<Member> rest = new ArrayList<>(plain);
            rest.removeAll(three);
            assertEquals(rest.subList(0, 2), five.subList(3, 5));
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void membersWithoutAZoneAreZonesOfTheirOwn(String strategy) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(Rings.member("zoned-" + i, Map.of("zone", "a")));
        }
        members.add(Rings.member("loner-1"));
        members.add(Rings.member("loner-2"));
        AbstractRing ring = Rings.build(strategy, members);
        for (int i = 0; i < 500; i++) {
            List<Member> owners = ring.owners("key-" + i, 3);
            long zoned = owners.stream().filter(m -> m.tags().containsKey("zone")).count();
            assertEquals(1, zoned, owners::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void withoutZonesReplicasFollowRingOrder(String strategy) {
        AbstractRing ring = Rings.build(strategy, Rings.members(15));
        for (int i = 0; i < 500; i++) {
            String key = "key-" + i;
            assertEquals(ringOrder(ring, key).subList(0, 4), ring.owners(key, 4));
        }
    }

    /** @return the distinct members in the ring's walk order for the key */
    private static List<Member> ringOrder(AbstractRing ring, String key) {
        List<Member> order = new ArrayList<>();
        ring.walk(ring.hashFunction().hash(key), m -> {
            if (!order.contains(ring.member(m))) {
                order.add(ring.member(m));
            }
            return order.size() == ring.size();
        });
        return order;
    }

    private static Set<String> zones(List<Member> members) {
        Set<String> zones = new HashSet<>();
        members.forEach(m -> zones.add(m.tags().get("zone")));
        return zones;
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void weightsShiftSharesRoughlyInProportion(String strategy) {
        List<Member> members = new ArrayList<>(Rings.members(20));
        members.set(0, Rings.member("node-0", Map.of("weight", "3")));
        members.set(1, Rings.member("node-1", Map.of("weight", "2")));
        AbstractRing ring = Rings.build(strategy, members);
        long[] counts = Rings.keyCounts(ring, Rings.keyHashes(200_000, XxHash64.INSTANCE));
        double unit = 200_000 / 23.0;
        int heavy = ring.members().indexOf(members.get(0));
        int medium = ring.members().indexOf(members.get(1));
        assertEquals(3.0, counts[heavy] / unit, 0.6, "weight 3");
        assertEquals(2.0, counts[medium] / unit, 0.45, "weight 2");
        long light = 0;
        for (int m = 0; m < counts.length; m++) {
            if (m != heavy && m != medium) {
                light += counts[m];
            }
        }
        assertEquals(1.0, light / 18.0 / unit, 0.05, "weight 1 on average");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void badWeightTagsCountAsOne(String strategy) {
        AbstractRing plain = Rings.build(strategy, Rings.members(10));
        for (String bad : new String[] {"", "0", "101", "-1", "1.5", "two", " 2", "+2", "1000"}) {
            List<Member> members = new ArrayList<>(Rings.members(10));
            members.set(4, Rings.member("node-4", Map.of("weight", bad)));
            AbstractRing tagged = Rings.build(strategy, members);
            for (int i = 0; i < 500; i++) {
                String key = "key-" + i;
                assertEquals(plain.owner(key).orElseThrow().name(), tagged.owner(key).orElseThrow().name(),
                        "weight '" + bad + "'");
            }
        }
        assertEquals(1, RingMembers.weight(Rings.member("x", Map.of("weight", "1"))));
        assertEquals(100, RingMembers.weight(Rings.member("x", Map.of("weight", "100"))));
        assertEquals(7, RingMembers.weight(Rings.member("x", Map.of("weight", "007"))));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void twoMembersWithOneNameAreRefused(String strategy) {
        List<Member> members = List.of(Rings.member("same"), new Member(
                new io.chorus.api.NodeId("same", "10.0.0.2", 7946), io.chorus.api.MemberState.ALIVE, 2, Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rings.strategy(strategy).build(members, XxHash64.INSTANCE, 1));
        assertTrue(e.getMessage().contains("'same'"), e::getMessage);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void replicasBelowOneAreRefused(String strategy) {
        Ring ring = Rings.build(strategy, Rings.members(3));
        assertThrows(IllegalArgumentException.class, () -> ring.owners("k", 0));
        assertThrows(NullPointerException.class, () -> ring.owner(null));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void everyHashFunctionWorksWithEveryRing(String strategy) {
        for (io.chorus.api.spi.HashFunction hash : List.of(XxHash64.INSTANCE, Murmur3.INSTANCE, Md5.INSTANCE)) {
            AbstractRing ring = Rings.build(strategy, Rings.members(10), hash);
            long[] counts = Rings.keyCounts(ring, Rings.keyHashes(20_000, hash));
            for (long c : counts) {
                assertTrue(c > 1000, () -> hash + ": " + java.util.Arrays.toString(counts));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void ownerAllocatesNothing(String strategy) {
        AbstractRing ring = Rings.build(strategy, Rings.members(100));
        String[] keys = new String[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "user:" + (1_000_000_000L + i * 7919L) + "x";
        }
        long bytes = Allocations.measure(() -> {
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {
                sum += ring.owner(keys[i & 63]).orElseThrow().id().port();
                sum += RingIndex.ownerIndex(ring, i * 0x9E3779B97F4A7C15L);
            }
            return sum;
        });
        Allocations.assertNone(bytes, strategy);
    }

    @org.junit.jupiter.api.Test
    void theAllocationMeterSeesAllocation() {
        long bytes = Allocations.measure(() -> {
            long sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += new StringBuilder("k").append(i).toString().length();
            }
            return sum;
        });
        assertFalse(bytes < 4096, "measured " + bytes);
    }

    @org.junit.jupiter.api.Test
    void vnodePointsAreTheHashesOfNameHashIndex() {
        List<Member> members = List.of(Rings.member("alpha"), Rings.member("beta", Map.of("weight", "2")));
        VnodeRing ring = (VnodeRing) Rings.strategy("vnode", Map.of(VnodeRingProvider.COUNT.key(), "12"))
                .build(members, Murmur3.INSTANCE, 1);
        assertEquals(36, ring.points());
        for (int i = 0; i < 24; i++) {
            long point = Murmur3.INSTANCE.hash("beta#" + i);
            assertEquals("beta", ring.member(ring.ownerIndex(point)).name(), "point " + i);
        }
        for (int i = 0; i < 12; i++) {
            assertEquals("alpha", ring.member(ring.ownerIndex(Murmur3.INSTANCE.hash("alpha#" + i))).name(), "point " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void vnodeRingsChangeWithTheVnodeCount() {
        AbstractRing few = (AbstractRing) Rings.strategy("vnode", Map.of(VnodeRingProvider.COUNT.key(), "10"))
                .build(Rings.members(10), XxHash64.INSTANCE, 1);
        AbstractRing many = Rings.build("vnode", Rings.members(10));
        assertEquals(100, ((VnodeRing) few).points());
        assertEquals(1600, ((VnodeRing) many).points());
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            differ += few.owner("key-" + i).equals(many.owner("key-" + i)) ? 0 : 1;
        }
        assertNotEquals(0, differ);
    }
}
