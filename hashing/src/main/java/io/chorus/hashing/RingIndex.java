package io.chorus.hashing;

import io.chorus.api.Ring;
import java.util.Objects;

/**
 * The allocation-free fast path of the rings this module builds: a key's hash in, the owner's
 * index in {@link Ring#members()} out. {@link Ring#owner(CharSequence)} uses the same path.
 *
 * <p>Not exported from the module, so module-path users do not see it; it is public for the
 * benchmarks (which run on the class path) and for callers that pre-hash their keys. The api's
 * {@code Ring} could offer the same through an index-based method; until it does, this is the way
 * in.
 */
public final class RingIndex {
    private RingIndex() {
    }

    /**
     * @param ring a ring built by one of this module's strategies
     * @param keyHash the key's hash, from {@link #keyHash}
     * @return the owner's index in {@link Ring#members()}; -1 when the ring is empty
     * @throws IllegalArgumentException when the ring comes from elsewhere
     */
    public static int ownerIndex(Ring ring, long keyHash) {
        return own(ring).ownerIndex(keyHash);
    }

    /**
     * @param ring a ring built by one of this module's strategies
     * @param key a key
     * @return the hash the ring gives the key's UTF-8 bytes
     */
    public static long keyHash(Ring ring, CharSequence key) {
        Objects.requireNonNull(key, "key");
        return own(ring).hashFunction().hash(key);
    }

    static AbstractRing own(Ring ring) {
        Objects.requireNonNull(ring, "ring");
        if (ring instanceof AbstractRing) {
            return (AbstractRing) ring;
        }
        throw new IllegalArgumentException("not a ring of module io.chorus.hashing: " + ring.getClass().getName());
    }
}
