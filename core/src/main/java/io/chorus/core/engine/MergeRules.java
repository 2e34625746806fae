package io.chorus.core.engine;

/**
 * The incarnation merge rules: a higher incarnation wins; at equal incarnation the later state in
 * {@code ALIVE < SUSPECT < DEAD < LEFT} wins; anything else is stale and ignored.
 */
final class MergeRules {
    private MergeRules() {
    }

    /**
     * @param newState the incoming state (ordinal)
     * @param newInc the incoming incarnation
     * @param oldState the known state (ordinal)
     * @param oldInc the known incarnation
     * @return whether the incoming update replaces the known one
     */
    static boolean supersedes(int newState, long newInc, int oldState, long oldInc) {
        return newInc > oldInc || (newInc == oldInc && newState > oldState);
    }
}
