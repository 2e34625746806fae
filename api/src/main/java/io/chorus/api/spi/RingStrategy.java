package io.chorus.api.spi;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.Stability;
import java.util.List;

/** Builds an immutable {@link Ring} from members; the engine calls it for each membership snapshot, off the protocol loop. */
@Stability(Stability.Level.STABLE)
public interface RingStrategy {
    /**
     * @param members the members to place, in a stable order
     * @param hash the hash function
     * @param epoch the new ring's epoch
     * @return the ring
     */
    Ring build(List<Member> members, HashFunction hash, long epoch);
}
