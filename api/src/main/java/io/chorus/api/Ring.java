package io.chorus.api;

import java.util.List;
import java.util.Optional;

/**
 * A consistent-hash ring over the cluster's members, rebuilt by the engine from each membership
 * snapshot and published atomically. Immutable: a ring never changes; the cluster hands out a new
 * one with a higher {@link #epoch()}. Lookups are lock-free.
 */
@Stability(Stability.Level.STABLE)
public interface Ring {
    /** @return the ring's version: higher for every rebuild */
    long epoch();

    /** @return the members on the ring, in a stable order */
    List<Member> members();

    /**
     * @param key a key, hashed as UTF-8
     * @return the key's owner; empty when the ring is empty
     */
    Optional<Member> owner(CharSequence key);

    /**
     * @param key a key, hashed as UTF-8
     * @param replicas how many distinct owners, at least 1
     * @return up to {@code replicas} distinct members in ring order, the owner first
     */
    List<Member> owners(CharSequence key, int replicas);
}
