package io.chorus.core.engine;

import io.chorus.core.wire.Peer;

/** One running suspicion: who confirmed it, and its timer. */
final class Suspicion {
    final long start;
    final long min;
    final long max;
    final int expected;
    final Peer firstSuspector;
    private String[] confirmers = new String[4];
    private int confirmations;
    Loop.Timer timer;
    /** Tells the suspect of this suspicion, when this node raised it. */
    Loop.Timer nudgeTimer;
    int deferrals;
    /** When the suspect may next be told of this suspicion directly. */
    long nextNudgeAt;

    Suspicion(long start, long min, long max, int expected, Peer firstSuspector) {
        this.start = start;
        this.min = min;
        this.max = max;
        this.expected = expected;
        this.firstSuspector = firstSuspector;
        confirmers[0] = firstSuspector.name();
    }

    /** @return whether {@code from} is a new, independent confirmation */
    boolean confirm(Peer from) {
        if (confirmations >= expected) {
            return false;
        }
        String name = from.name();
        int known = confirmations + 1;
        for (int i = 0; i < known; i++) {
            if (confirmers[i].equals(name)) {
                return false;
            }
        }
        if (known == confirmers.length) {
            confirmers = java.util.Arrays.copyOf(confirmers, known * 2);
        }
        confirmers[known] = name;
        confirmations++;
        return true;
    }

    int confirmations() {
        return confirmations;
    }

    long deadline() {
        return start + SuspicionTimeout.timeout(min, max, expected, confirmations);
    }
}
