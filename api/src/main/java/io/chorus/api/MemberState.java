package io.chorus.api;

/**
 * The state of a member as one node sees it. At equal incarnation a later state in this order
 * wins over an earlier one: {@code ALIVE < SUSPECT < DEAD < LEFT}; a higher incarnation always
 * wins.
 */
@Stability(Stability.Level.STABLE)
public enum MemberState {
    /** Answering probes, or vouched for by its own refutation. */
    ALIVE,
    /** A probe failed; the member has a bounded time to refute before it is declared dead. */
    SUSPECT,
    /** Declared failed after a suspicion ran out. Chorus keeps trying to reach it, to heal partitions. */
    DEAD,
    /** Left the cluster on purpose. */
    LEFT
}
