package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Awareness}: Lifeguard's health score, between 0 and its maximum, stretching timeouts by score + 1. */
class AwarenessTest {
    @Test
    void theScoreStaysBetweenZeroAndTheMaximum() {
        Awareness a = new Awareness(8);
        assertEquals(0, a.score());
        a.apply(-1);
        assertEquals(0, a.score());
        a.apply(3);
        assertEquals(3, a.score());
        a.apply(20);
        assertEquals(8, a.score());
        a.apply(-2);
        assertEquals(6, a.score());
    }

    @Test
    void timeoutsStretchByTheScorePlusOne() {
        Awareness a = new Awareness(8);
        assertEquals(200, a.scale(200));
        a.apply(2);
        assertEquals(600, a.scale(200));
        a.apply(100);
        assertEquals(1800, a.scale(200));
    }
}
