package io.chorus.api.spi;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import java.util.List;

/** Builds an immutable {@link Ring} from members; the engine calls it for each membership snapshot, off the protocol loop. */
public interface RingStrategy {
    /**
     * @param members the members to place, in a stable order
     * @param hash the hash function
     * @param epoch the new ring's epoch
     * @return the ring
     */
    Ring build(List<Member> members, HashFunction hash, long epoch);
}
