package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link FailureDetectorProvider} and its {@link FailureDetector}, as far as the
 * interface promises it for every detector. Time is only ever the {@code nowNanos} the contract
 * passes (no test waits, and no real clock is read), in rounds of the config's probe interval with
 * a little deterministic jitter, as the engine would call it:
 * <ul>
 *   <li>any member may be asked about or removed, known or not, twice or not, without an error;</li>
 *   <li>a member that is never heard from, or falls silent, and keeps failing its probe rounds is
 *       suspected within {@link #patience()} (a detector may wait for later rounds, not forever);</li>
 *   <li>{@code remove} forgets a member: afterwards it is judged exactly as by a new detector;</li>
 *   <li>the verdicts depend only on the times given, not on where the clock starts (the engine's
 *       clock is {@link System#nanoTime()}, whose origin is arbitrary and may be negative or wrap):
 *       the same history shifted by any constant gets the same verdicts;</li>
 *   <li>each {@code create} gives a detector of its own: what one hears does not change another's
 *       verdicts (the simulator runs many nodes in one JVM).</li>
 * </ul>
 * Detectors differ on purpose beyond that: SWIM's suspects every member whose probe round failed,
 * however recently it was heard from, while one that weighs signs of life (phi accrual, a heartbeat
 * deadline) does not. Such a detector returns true from {@link #trustsARecentHeartbeat()}, and
 * the contract checks that too: a member heard from at a steady pace is not suspected right after
 * a heartbeat.
 *
 * <pre>{@code
 * class MyDetectorContractTest extends FailureDetectorContract {
 *     @Override
 *     protected FailureDetectorProvider provider() {
 *         return new MyDetectorProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class FailureDetectorContract extends ProviderContract<FailureDetectorProvider> {
    private static final NodeId MEMBER = new NodeId("member", "10.0.0.2", 7946);
    private static final NodeId OTHER = new NodeId("other", "10.0.0.3", 7946);

    /** For subclasses. */
    protected FailureDetectorContract() {
        super(FailureDetectorProvider.class);
    }

    /**
     * The context detectors are created with; its config's probe interval paces the rounds.
     *
     * @return a default (LAN) config and its (empty) options
     */
    protected ProviderContext context() {
        return ProviderContext.of(ClusterConfig.builder("contract").build());
    }

    /**
     * The longest a member that keeps failing its probe rounds may go unsuspected.
     *
     * @return 10 minutes by default
     */
    protected Duration patience() {
        return Duration.ofMinutes(10);
    }

    /**
     * Whether the detector weighs signs of life, so that a member heard from at a steady pace is
     * not suspected right after a heartbeat. SWIM's does not: a failed probe round is its whole
     * evidence.
     *
     * @return false by default
     */
    protected boolean trustsARecentHeartbeat() {
        return false;
    }

    /** @return a new detector from {@link #provider()} in {@link #context()} */
    protected final FailureDetector create() {
        return provider().create(context());
    }

    private long interval() {
        return context().config().probeInterval().toNanos();
    }

    /** One call to a detector, at a time relative to the start of a history. */
    private record Call(boolean heartbeat, long at) {
    }

    /**
     * Heartbeats at a steady pace with jitter, each followed by a probe round that fails (a round
     * whose ack was late), then silence with a failed round every interval.
     */
    private List<Call> history(long seed, int heartbeats, int silentRounds) {
        return history(seed, 0, heartbeats, silentRounds);
    }

    /** As {@link #history(long, int, int)}, after some failed rounds of a member not heard from yet. */
    private List<Call> history(long seed, int roundsFirst, int heartbeats, int silentRounds) {
        long interval = interval();
        SplittableRandom random = new SplittableRandom(seed);
        List<Call> calls = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < roundsFirst; i++) {
            t += interval;
            calls.add(new Call(false, t));
        }
        for (int i = 0; i < heartbeats; i++) {
            t += interval + random.nextLong(-interval / 10, interval / 10 + 1);
            calls.add(new Call(true, t));
            calls.add(new Call(false, t + interval / 2));
        }
        for (int i = 0; i < silentRounds; i++) {
            t += interval;
            calls.add(new Call(false, t));
        }
        return calls;
    }

    /** @return the verdicts of the history's rounds, every time shifted by {@code origin} */
    private static List<Boolean> replay(FailureDetector d, NodeId member, long origin, List<Call> history) {
        List<Boolean> verdicts = new ArrayList<>();
        for (Call c : history) {
            if (c.heartbeat()) {
                d.heartbeat(member, origin + c.at());
            } else {
                verdicts.add(d.suspect(member, origin + c.at()));
            }
        }
        return verdicts;
    }

    private int roundsOfPatience() {
        return (int) Math.max(1, Math.min(1_000_000, patience().toNanos() / interval()));
    }

    /** Unknown members, and members removed twice, are no error. */
    @Test
    public void anyMemberMayBeAskedAboutOrRemoved() {
        FailureDetector d = create();
        assertDoesNotThrow(() -> d.suspect(MEMBER, 0), "suspect() of a member never heard from");
        assertDoesNotThrow(() -> d.remove(OTHER), "remove() of a member never heard from");
        d.heartbeat(MEMBER, interval());
        assertDoesNotThrow(() -> d.remove(MEMBER), "remove()");
        assertDoesNotThrow(() -> d.remove(MEMBER), "remove() again");
        assertDoesNotThrow(() -> d.suspect(MEMBER, 2 * interval()), "suspect() after remove()");
    }

    /** A member never heard from that keeps failing its probe rounds is suspected in time. */
    @Test
    public void aMemberNeverHeardFromIsEventuallySuspected() {
        List<Boolean> verdicts = replay(create(), MEMBER, 0, history(1, 0, roundsOfPatience()));
        assertTrue(verdicts.contains(true), () -> "a member never heard from failed " + verdicts.size()
                + " probe rounds in " + patience() + " and was never suspected");
    }

    /** A member heard from for a while that falls silent and keeps failing its probe rounds is suspected in time. */
    @Test
    public void aMemberThatFallsSilentIsEventuallySuspected() {
        List<Call> history = history(2, 50, roundsOfPatience());
        List<Boolean> verdicts = replay(create(), MEMBER, 0, history);
        List<Boolean> silent = verdicts.subList(50, verdicts.size());
        assertTrue(silent.contains(true), () -> "a member silent for " + patience() + " failed " + silent.size()
                + " probe rounds and was never suspected");
    }

    /** After {@code remove}, a member is judged exactly as a new detector judges it. */
    @Test
    public void removeForgetsAMember() {
        List<Call> before = history(3, 40, 0);
        long later = before.get(before.size() - 1).at() + interval();
        List<Call> after = history(4, 5, 20, 30);

        FailureDetector used = create();
        replay(used, MEMBER, 0, before);
        used.remove(MEMBER);
        List<Boolean> forgotten = replay(used, MEMBER, later, after);
        List<Boolean> fresh = replay(create(), MEMBER, later, after);

        assertEquals(fresh, forgotten, "the verdicts after remove() are a new detector's");
    }

    /** The same history gets the same verdicts wherever the clock starts: negative, near zero, or across the wrap. */
    @Test
    public void verdictsDependOnlyOnTheTimesGiven() {
        List<Call> history = history(5, 60, 40);
        long span = history.get(history.size() - 1).at();
        List<Boolean> expected = replay(create(), MEMBER, 0, history);
        for (long origin : new long[] {1, -span / 2, Long.MIN_VALUE + 1, Long.MAX_VALUE - span / 2, 0x5DEECE66DL * 1_000_003}) {
            assertEquals(expected, replay(create(), MEMBER, origin, history), () -> "the verdicts changed when the clock started at "
                    + origin + " ns rather than 0: a detector compares differences of times, never the times themselves");
        }
    }

    /** What one detector hears does not change another's verdicts. */
    @Test
    public void eachCreateGivesADetectorOfItsOwn() {
        FailureDetector hearing = create();
        FailureDetector deaf = create();
        List<Call> history = history(6, 60, 20);
        List<Boolean> neverHeard = new ArrayList<>();
        List<Boolean> heardByTheOther = new ArrayList<>();
        for (Call c : history) {
            if (c.heartbeat()) {
                hearing.heartbeat(MEMBER, c.at());
            } else {
                heardByTheOther.add(deaf.suspect(MEMBER, c.at()));
                neverHeard.add(deaf.suspect(OTHER, c.at()));
            }
        }
        assertEquals(neverHeard, heardByTheOther, "another detector's heartbeats changed this one's verdicts");
    }

    /** For a detector that weighs signs of life: a member heard from at a steady pace is not suspected just after a heartbeat. */
    @Test
    public void aMemberHeardFromAtASteadyPaceIsNotSuspectedRightAfterAHeartbeat() {
        assumeTrue(trustsARecentHeartbeat(), "the detector suspects on a failed probe round alone, as SWIM's does");
        FailureDetector d = create();
        long interval = interval();
        SplittableRandom random = new SplittableRandom(7);
        long t = 0;
        for (int i = 0; i < 50; i++) {
            t += interval + random.nextLong(-interval / 20, interval / 20 + 1);
            d.heartbeat(MEMBER, t);
            if (i >= 3) {
                long at = t + 1_000_000;
                int beat = i;
                assertFalse(d.suspect(MEMBER, at), () -> "suspected 1 ms after heartbeat " + beat + " of a steady pace");
            }
        }
    }
}
