package io.chorus.hashing;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.RingStrategy;
import java.util.List;
import java.util.Objects;

/** Builds {@link RendezvousRing}s. */
final class RendezvousStrategy implements RingStrategy {
    static final RendezvousStrategy INSTANCE = new RendezvousStrategy();

    private RendezvousStrategy() {
    }

    @Override
    public Ring build(List<Member> members, HashFunction hash, long epoch) {
        Objects.requireNonNull(hash, "hash");
        return new RendezvousRing(RingMembers.of(members), hash, epoch);
    }

    @Override
    public String toString() {
        return RendezvousRingProvider.ID;
    }
}
