package io.chorus.hashing;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.RingStrategy;
import java.util.List;
import java.util.Objects;

/** Builds {@link VnodeRing}s with a fixed number of vnodes per unit of weight. */
final class VnodeStrategy implements RingStrategy {
    private final int vnodes;

    VnodeStrategy(int vnodes) {
        if (vnodes < VnodeRingProvider.MIN_COUNT || vnodes > VnodeRingProvider.MAX_COUNT) {
            throw new IllegalArgumentException("vnodes = " + vnodes + ": from " + VnodeRingProvider.MIN_COUNT
                    + " to " + VnodeRingProvider.MAX_COUNT);
        }
        this.vnodes = vnodes;
    }

    @Override
    public Ring build(List<Member> members, HashFunction hash, long epoch) {
        Objects.requireNonNull(hash, "hash");
        return new VnodeRing(RingMembers.of(members), hash, epoch, vnodes);
    }

    int vnodes() {
        return vnodes;
    }

    @Override
    public String toString() {
        return VnodeRingProvider.ID + "(vnodes=" + vnodes + ")";
    }
}
