package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The backoff doubles from the base, stops at the cap, and the jitter spans half to one and a half. */
class BackoffTest {
    private static final long BASE = 1_000;
    private static final long MAX = 30_000;

    @Test
    void doublesFromTheBaseUpToTheCap() {
        assertEquals(1_000, Backoff.delayNanos(1, BASE, MAX, 0.5));
        assertEquals(2_000, Backoff.delayNanos(2, BASE, MAX, 0.5));
        assertEquals(16_000, Backoff.delayNanos(5, BASE, MAX, 0.5));
        assertEquals(30_000, Backoff.delayNanos(6, BASE, MAX, 0.5));
        assertEquals(30_000, Backoff.delayNanos(Integer.MAX_VALUE, BASE, MAX, 0.5));
    }

    @Test
    void theJitterIsFiftyPercentEitherWay() {
        assertEquals(500, Backoff.delayNanos(1, BASE, MAX, 0.0));
        assertEquals(1_499, Backoff.delayNanos(1, BASE, MAX, 0.999));
        assertEquals(15_000, Backoff.delayNanos(9, BASE, MAX, 0.0));
        assertEquals(44_970, Backoff.delayNanos(9, BASE, MAX, 0.999));
    }
}
