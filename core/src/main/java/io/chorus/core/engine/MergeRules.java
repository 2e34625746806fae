package io.chorus.core.engine;

import io.chorus.api.MemberState;

/**
 * The incarnation merge rules: a higher incarnation wins; at equal incarnation the later state in
 * {@code ALIVE < SUSPECT < DEAD < LEFT} wins; anything else is stale and ignored.
 */
final class MergeRules {
    private MergeRules() {
    }

    /**
     * @param newState the incoming state
     * @param newInc the incoming incarnation
     * @param oldState the known state
     * @param oldInc the known incarnation
     * @return whether the incoming update replaces the known one
     */
    static boolean supersedes(MemberState newState, long newInc, MemberState oldState, long oldInc) {
        return newInc > oldInc || (newInc == oldInc && newState.compareTo(oldState) > 0);
    }
}
