package io.chorus.core.engine;

import java.util.SplittableRandom;

/**
 * Picks slots of the member table for random choices (gossip targets, indirect probers, a push-pull
 * partner): a few random draws first, which find an eligible member at once in a healthy table; then
 * a sweep of every slot from a random place, so that the few eligible members of a table full of
 * ineligible ones (DEAD members are kept for {@code deadRetention}) are found all the same. Reused,
 * so that a pick allocates nothing.
 */
final class SlotPicker {
    private int size;
    private int draws;
    private int start;
    private int swept;

    /**
     * Starts a pick.
     *
     * @param tableSize the slots to pick from
     * @param randomDraws how many random draws come before the sweep
     * @return this
     */
    SlotPicker start(int tableSize, int randomDraws) {
        this.size = tableSize;
        this.draws = randomDraws;
        this.swept = -1;
        return this;
    }

    /** @return the next slot to look at, or -1 once every slot was swept */
    int next(SplittableRandom random) {
        if (size <= 0) {
            return -1;
        }
        if (draws > 0) {
            draws--;
            return random.nextInt(size);
        }
        if (swept < 0) {
            start = random.nextInt(size);
            swept = 0;
        }
        if (swept >= size) {
            return -1;
        }
        int s = start + swept++;
        return s >= size ? s - size : s;
    }
}
