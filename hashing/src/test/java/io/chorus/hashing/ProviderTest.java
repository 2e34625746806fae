package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider ids, priorities and options. */
class ProviderTest {

    @Test
    void hashFunctionProvidersHaveTheirIdsAndPriorities() {
        assertEquals("xxhash64", new XxHash64Provider().id());
        assertEquals(30, new XxHash64Provider().priority());
        assertEquals("murmur3", new Murmur3Provider().id());
        assertEquals(20, new Murmur3Provider().priority());
        assertEquals("md5", new Md5Provider().id());
        assertEquals(10, new Md5Provider().priority());
        assertSame(XxHash64.INSTANCE, new XxHash64Provider().create(Rings.context(Map.of())));
        assertSame(Murmur3.INSTANCE, new Murmur3Provider().create(Rings.context(Map.of())));
        assertSame(Md5.INSTANCE, new Md5Provider().create(Rings.context(Map.of())));
    }

    @Test
    void ringProvidersHaveTheirIdsAndPriorities() {
        assertEquals("vnode", new VnodeRingProvider().id());
        assertEquals(30, new VnodeRingProvider().priority());
        assertEquals("maglev", new MaglevRingProvider().id());
        assertEquals(20, new MaglevRingProvider().priority());
        assertEquals("rendezvous", new RendezvousRingProvider().id());
        assertEquals(10, new RendezvousRingProvider().priority());
    }

    @Test
    void theVnodeCountDefaultsTo160AndIsChecked() {
        assertEquals(160, ((VnodeStrategy) Rings.strategy("vnode")).vnodes());
        assertEquals(1, ((VnodeStrategy) Rings.strategy("vnode", Map.of("hashing.vnode.count", "1"))).vnodes());
        assertEquals(10_000, ((VnodeStrategy) Rings.strategy("vnode", Map.of("hashing.vnode.count", "10000"))).vnodes());
        for (String bad : List.of("0", "10001", "many", "-5")) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> Rings.strategy("vnode", Map.of("hashing.vnode.count", bad)));
            assertEquals("hashing.vnode.count", e.field());
            assertEquals(bad, e.value());
            assertTrue(e.allowed().contains("1 to 10000"), e::allowed);
        }
    }

    @Test
    void tooManyPointsAreRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rings.strategy("vnode",
                Map.of("hashing.vnode.count", "10000")).build(Rings.members(2000), XxHash64.INSTANCE, 1));
        assertTrue(e.getMessage().contains("hashing.vnode.count"), e::getMessage);
    }

    @Test
    void theMaglevTableIs65537UntilMembersNeedMore() {
        MaglevStrategy auto = (MaglevStrategy) Rings.strategy("maglev");
        assertEquals(65_537, auto.tableSize(1));
        assertEquals(65_537, auto.tableSize(6_553));
        assertEquals(65_543, auto.tableSize(6_554), "the next prime at or above 65540");
        assertEquals(100_003, auto.tableSize(10_000));
        assertEquals(65_537, ((MaglevRing) Rings.build("maglev", Rings.members(100))).tableSize());
    }

    @Test
    void aConfiguredMaglevTableMustBePrimeAndLargeEnough() {
        MaglevStrategy set = (MaglevStrategy) Rings.strategy("maglev", Map.of("hashing.maglev.table-size", "1009"));
        assertEquals(1009, set.tableSize(100));
        assertEquals(1009, ((MaglevRing) set.build(Rings.members(100), XxHash64.INSTANCE, 1)).tableSize());
        InvalidConfigException small = assertThrows(InvalidConfigException.class,
                () -> set.build(Rings.members(101), XxHash64.INSTANCE, 1));
        assertEquals("hashing.maglev.table-size", small.field());
        assertTrue(small.allowed().contains("1013"), small::allowed);
        for (String bad : List.of("1000", "7", "16777259", "x", "65536")) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> Rings.strategy("maglev", Map.of("hashing.maglev.table-size", bad)));
            assertEquals("hashing.maglev.table-size", e.field());
            assertEquals(bad, e.value());
            assertTrue(e.allowed().startsWith("a prime from 11 to 16777213"), e::allowed);
        }
        assertTrue(Primes.isPrime(MaglevRingProvider.MAX_TABLE_SIZE));
        assertTrue(Primes.isPrime(MaglevRingProvider.DEFAULT_TABLE_SIZE));
        assertTrue(Primes.isPrime(MaglevRingProvider.MIN_TABLE_SIZE));
    }

    @Test
    void withEqualWeightsMaglevSlotsDifferByAtMostOne() {
        MaglevRing ring = (MaglevRing) Rings.build("maglev", Rings.members(1000));
        double[] shares = ring.keyspace().orElseThrow();
        double min = 1;
        double max = 0;
        for (double s : shares) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        assertEquals(1.0, (max - min) * ring.tableSize(), 1e-6);
    }
}
