package io.chorus.benchmarks;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * What the ring benchmarks share: providers found with {@link ServiceLoader} (the benchmarks jar
 * runs on the class path, where chorus-hashing's META-INF/services files count), members, keys, and
 * the index fast path of chorus-hashing's rings.
 *
 * <p>The fast path ({@code io.chorus.hashing.RingIndex}) lives in a package the hashing module does
 * not export, so this module cannot compile against it; it is reached by a method handle, which
 * the JIT inlines like a direct call because the handle is a constant.
 */
final class RingProviders {
    /** {@code int RingIndex.ownerIndex(Ring ring, long keyHash)}. */
    static final MethodHandle OWNER_INDEX;
    /** {@code long RingIndex.keyHash(Ring ring, CharSequence key)}. */
    static final MethodHandle KEY_HASH;

    static {
        try {
            Class<?> index = Class.forName("io.chorus.hashing.RingIndex");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            OWNER_INDEX = lookup.findStatic(index, "ownerIndex", MethodType.methodType(int.class, Ring.class, long.class));
            KEY_HASH = lookup.findStatic(index, "keyHash", MethodType.methodType(long.class, Ring.class, CharSequence.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("chorus-hashing's io.chorus.hashing.RingIndex is not on the class path: " + e);
        }
    }

    private RingProviders() {
    }

    static ProviderContext context(Map<String, String> options) {
        ClusterConfig config = ClusterConfig.builder("bench").options(io.chorus.api.Options.of(options)).build();
        return ProviderContext.of(config);
    }

    static HashFunction hash(String id) {
        return find(HashFunctionProvider.class, id).create(context(Map.of()));
    }

    static RingStrategy strategy(String id) {
        return find(RingStrategyProvider.class, id).create(context(Map.of()));
    }

    private static <P extends Provider> P find(Class<P> type, String id) {
        List<P> found = new ArrayList<>();
        ServiceLoader.load(type).forEach(found::add);
        return found.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " '" + id + "' on the class path; found "
                        + found.stream().map(Provider::id).collect(Collectors.toList())));
    }

    /** @return members {@code node-0} ... on distinct ports */
    static List<Member> members(int n) {
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Member(new NodeId("node-" + i, "10.0.0." + (1 + i / 50_000), 1024 + i % 50_000),
                    MemberState.ALIVE, 1, Map.of()));
        }
        return out;
    }

    /** @return {@code count} random 16-character keys of letters and digits, the same for a seed */
    static String[] keys(int count, long seed) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SplittableRandom random = new SplittableRandom(seed);
        String[] keys = new String[count];
        for (int k = 0; k < count; k++) {
            char[] c = new char[16];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            keys[k] = new String(c);
        }
        return keys;
    }
}
