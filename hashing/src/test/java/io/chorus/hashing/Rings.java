package io.chorus.hashing;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.Options;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Members, strategies and keys for the ring tests and the quality report. */
final class Rings {
    static final List<String> STRATEGIES = List.of(VnodeRingProvider.ID, MaglevRingProvider.ID, RendezvousRingProvider.ID);

    private Rings() {
    }

    static Member member(String name, Map<String, String> tags) {
        int port = 1000 + Math.floorMod(name.hashCode(), 60000);
        return new Member(new NodeId(name, "10.0.0.1", port), MemberState.ALIVE, 1, tags);
    }

    static Member member(String name) {
        return member(name, Map.of());
    }

    /** @return members {@code node-0} to {@code node-(n-1)} */
    static List<Member> members(int n) {
        return members(0, n);
    }

    static List<Member> members(int from, int to) {
        List<Member> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(member("node-" + i));
        }
        return out;
    }

    static ProviderContext context(Map<String, String> options) {
        return ProviderContext.of(ClusterConfig.builder("tester").build(), Options.of(options));
    }

    static RingStrategy strategy(String id) {
        return strategy(id, Map.of());
    }

    static RingStrategy strategy(String id, Map<String, String> options) {
        ProviderContext ctx = context(options);
        switch (id) {
            case VnodeRingProvider.ID:
                return new VnodeRingProvider().create(ctx);
            case MaglevRingProvider.ID:
                return new MaglevRingProvider().create(ctx);
            case RendezvousRingProvider.ID:
                return new RendezvousRingProvider().create(ctx);
            default:
                throw new IllegalArgumentException(id);
        }
    }

    static AbstractRing build(String strategy, List<Member> members) {
        return build(strategy, members, XxHash64.INSTANCE);
    }

    static AbstractRing build(String strategy, List<Member> members, HashFunction hash) {
        Ring ring = strategy(strategy).build(members, hash, 1);
        return (AbstractRing) ring;
    }

    /** @return the hashes of keys {@code key-0} ... with the given function */
    static long[] keyHashes(int count, HashFunction hash) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = hash.hash("key-" + i);
        }
        return out;
    }

    /** @return how many of the keys each member owns */
    static long[] keyCounts(AbstractRing ring, long[] keys) {
        long[] counts = new long[ring.size()];
        for (long k : keys) {
            counts[ring.ownerIndex(k)]++;
        }
        return counts;
    }

    static double maxOverMean(long[] values) {
        double sum = 0;
        long max = 0;
        for (long v : values) {
            sum += v;
            max = Math.max(max, v);
        }
        return max / (sum / values.length);
    }

    static double maxOverMean(double[] values) {
        double sum = 0;
        double max = 0;
        for (double v : values) {
            sum += v;
            max = Math.max(max, v);
        }
        return max / (sum / values.length);
    }

    /** @return the share of keys whose owner (by name) differs between the two rings */
    static double remapped(AbstractRing a, AbstractRing b, long[] keys) {
        long moved = 0;
        for (long k : keys) {
            if (!a.member(a.ownerIndex(k)).name().equals(b.member(b.ownerIndex(k)).name())) {
                moved++;
            }
        }
        return (double) moved / keys.length;
    }
}
