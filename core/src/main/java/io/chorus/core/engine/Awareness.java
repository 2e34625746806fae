package io.chorus.core.engine;

/**
 * Lifeguard's local health multiplier: a score from 0 (healthy) to a maximum that grows when this
 * node's own probes go unanswered without nacks (a sign that the fault is local: GC, CPU
 * starvation, a saturated link) and when it has to refute suspicions of itself, and shrinks with
 * every successful probe. Timeouts are stretched by {@code score + 1}.
 */
final class Awareness {
    private final int max;
    private int score;

    Awareness(int max) {
        this.max = max;
    }

    void apply(int delta) {
        score = Math.max(0, Math.min(max, score + delta));
    }

    int score() {
        return score;
    }

    long scale(long nanos) {
        return nanos * (score + 1);
    }
}
