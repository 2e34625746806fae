package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.core.engine.RecordingObserver.DeathDeclared;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Suspicions} alone, its verdict recorded: Lifeguard's timeout from a maximum down to a
 * minimum with independent confirmations, the reason a death is declared for, the deferrals of a
 * suspect heard from, the end of a suspicion, and the nudges of a suspect that talks to this node.
 *
 * <p>The LAN profile: alpha 4, beta 6, a 500 ms probe interval. With 5 members live (this node and
 * a, b, c, d) the minimum is 4 x max(1, log10 5) x 500 ms = 2 s, the maximum 12 s, and alpha - 2 = 2
 * independent confirmations bring it down to the minimum.
 */
class SuspicionsTest {
    private static final long MIN = 2_000 * MS;
    private static final long MAX = 12_000 * MS;

    record Verdict(long at, int slot, Peer member, long inc, FailureReason reason) {
    }

    private TestNode n;
    private Suspicions suspicions;
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> piggybackSkips = new ArrayList<>();
    private Peer a;
    private Peer b;
    private Peer c;
    private Peer d;

    @BeforeEach
    void setUp() {
        n = TestNode.lan();
        a = n.add("a", MemberState.ALIVE, 3);
        b = n.add("b", MemberState.ALIVE, 1);
        c = n.add("c", MemberState.ALIVE, 1);
        d = n.add("d", MemberState.ALIVE, 1);
        suspicions = newSuspicions(n);
    }

    private Suspicions newSuspicions(TestNode node) {
        Suspicions s = new Suspicions(node.config, node.loop, node.table, node.local, node.outbox, node.observation);
        s.wire((slot, p, inc, reason) -> verdicts.add(new Verdict(node.loop.nanos(), slot, p, inc, reason)), node.flush);
        node.outbox.piggyback((w, budget, skip) -> piggybackSkips.add(String.valueOf(skip)));
        return s;
    }

    /** Marks a member SUSPECT (as membership does first) and starts its suspicion. */
    private int suspect(TestNode node, Suspicions s, Peer p, Peer from) {
        int slot = node.slot(p);
        node.table.setState(slot, MemberState.SUSPECT, node.loop.nanos());
        s.start(slot, from);
        return slot;
    }

    // ------------------------------------------------------------------ the timeout

    @Test
    void anUnconfirmedSuspicionRunsTheMaximumThenDeclaresDeathForSilence() {
        int slot = suspect(n, suspicions, a, b);
        assertSame(b, suspicions.firstSuspector(slot));
        n.loop.advance(MAX - 1);
        assertEquals(List.of(), verdicts);
        n.loop.advance(1);
        assertEquals(List.of(new Verdict(START + MAX, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts);
        assertEquals(List.of(new DeathDeclared(a, START)), n.observer.all());
        assertEquals(1, n.flushes, "published after the verdict");
        assertEquals(0, n.transport.count(), "a suspect never heard from is told nothing");
        assertEquals(0, n.loop.pending());
    }

    @Test
    void eachIndependentConfirmationShrinksTheTimeoutDownToTheMinimum() {
        int slot = suspect(n, suspicions, a, b);
        n.loop.advance(1_000 * MS);
        assertFalse(suspicions.confirm(slot, b), "the first suspector is no confirmation");
        assertTrue(suspicions.confirm(slot, c));
        assertFalse(suspicions.confirm(slot, c), "a confirmer counts once");
        assertFalse(suspicions.confirm(slot, n.peer("c", "10.9.9.9")), "the same name at another address is the same confirmer");
        // Lifeguard: max - (max - min) x log(c + 1) / log(k + 1), c = 1 of k = 2
        long oneOfTwo = (long) (MAX - (MAX - MIN) * Math.log(2) / Math.log(3));
        assertEquals(5_690_702_464L, oneOfTwo);
        n.loop.runUntil(START + oneOfTwo - 1);
        assertEquals(List.of(), verdicts);
        n.loop.advance(1);
        assertEquals(1, verdicts.size());
        assertEquals(START + oneOfTwo, verdicts.get(0).at());
    }

    @Test
    void theSecondConfirmationBringsTheDeadlineToTheMinimumAndNoMoreCount() {
        int slot = suspect(n, suspicions, a, b);
        n.loop.advance(500 * MS);
        assertTrue(suspicions.confirm(slot, c));
        assertTrue(suspicions.confirm(slot, d));
        assertFalse(suspicions.confirm(slot, n.peer("e")), "k = alpha - 2 = 2 confirmations at most");
        n.loop.runUntil(START + MIN - 1);
        assertEquals(List.of(), verdicts);
        n.loop.advance(1);
        assertEquals(List.of(new Verdict(START + MIN, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts);
    }

    @Test
    void aConfirmationPastTheNewDeadlineDeclaresAtOnce() {
        int slot = suspect(n, suspicions, a, b);
        n.loop.advance(3_000 * MS);
        assertTrue(suspicions.confirm(slot, c));
        assertTrue(suspicions.confirm(slot, d));
        assertEquals(List.of(), verdicts, "declared on the loop, not inside confirm");
        n.loop.runDue();
        assertEquals(List.of(new Verdict(START + 3_000 * MS, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts);
    }

    @Test
    void inASmallClusterNoConfirmationIsExpectedAndTheTimeoutIsTheMinimum() {
        TestNode small = TestNode.lan();
        Peer x = small.add("x", MemberState.ALIVE, 1);
        Peer y = small.add("y", MemberState.ALIVE, 1);
        Suspicions s = newSuspicions(small);
        int slot = suspect(small, s, x, y);
        assertFalse(s.confirm(slot, small.peer("z")), "3 live members: n - 2 < alpha - 2, so k = 0");
        small.loop.advance(MIN - 1);
        assertEquals(List.of(), verdicts);
        small.loop.advance(1);
        assertEquals(List.of(new Verdict(START + MIN, slot, x, 1, FailureReason.PROBE_TIMEOUT)), verdicts);
    }

    // ------------------------------------------------------------------ the reason

    @Test
    void aDeliveryFailureSeenDuringTheSuspicionIsTheReason() {
        int slot = suspect(n, suspicions, a, b);
        n.loop.advance(500 * MS);
        suspicions.deliveryFailed(a.address(), FailureReason.CONNECTION_REFUSED);
        n.loop.advance(MAX);
        assertEquals(List.of(new Verdict(START + MAX, slot, a, 3, FailureReason.CONNECTION_REFUSED)), verdicts);

        verdicts.clear();
        n.table.setState(slot, MemberState.ALIVE, n.loop.nanos());
        suspect(n, suspicions, a, b);
        n.loop.advance(MAX);
        assertEquals(FailureReason.PROBE_TIMEOUT, verdicts.get(0).reason(), "a failure gives its reason once");
    }

    @Test
    void aFailureUpToOneProbeIntervalBeforeTheSuspicionCountsAndAnOlderOneDoesNot() {
        suspicions.deliveryFailed(a.address(), FailureReason.CONNECTION_CLOSED);
        suspicions.deliveryFailed(b.address(), FailureReason.CONNECTION_CLOSED);
        n.loop.advance(500 * MS);
        int slotA = suspect(n, suspicions, a, c);
        n.loop.advance(1);
        int slotB = suspect(n, suspicions, b, c);
        n.loop.advance(MAX);
        assertEquals(List.of(new Verdict(START + 500 * MS + MAX, slotA, a, 3, FailureReason.CONNECTION_CLOSED),
                new Verdict(START + 500 * MS + 1 + MAX, slotB, b, 1, FailureReason.PROBE_TIMEOUT)), verdicts,
                "the failed probe round that raised the suspicion began one interval before it");
    }

    @Test
    void aFailureToAnotherAddressIsNoReason() {
        int slot = suspect(n, suspicions, a, b);
        suspicions.deliveryFailed(n.peer("a", "10.8.8.8").address(), FailureReason.CONNECTION_REFUSED);
        n.loop.advance(MAX);
        assertEquals(List.of(new Verdict(START + MAX, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts);
    }

    // ------------------------------------------------------------------ deferrals

    @Test
    void aSuspectHeardFromSinceTheStartIsToldAndGetsTwoMoreMinimumTimeouts() {
        int slot = suspect(n, suspicions, a, b);
        n.loop.advance(1);
        n.table.heardAt[slot] = n.loop.nanos();
        n.loop.runUntil(START + MAX);
        assertEquals(List.of(), verdicts);
        Wire told = n.transport.takeOnly();
        assertEquals(a.address(), told.to());
        assertEquals(Header.Channel.PACKET, told.channel());
        assertEquals(List.of(new Recorder.Suspect(a, 3, b)), told.messages());
        assertEquals(List.of(), piggybackSkips, "the deferral's packet carries the suspicion only");
        assertEquals(1, n.flushes);

        n.loop.advance(MIN - 1);
        assertEquals(0, n.transport.count());
        n.loop.advance(1);
        assertEquals(List.of(new Recorder.Suspect(a, 3, b)), n.transport.takeOnly().messages());
        assertEquals(List.of(), verdicts);

        n.loop.advance(MIN);
        assertEquals(List.of(new Verdict(START + MAX + 2 * MIN, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts,
                "at most " + Suspicions.MAX_DEFERRALS + " deferrals");
        assertEquals(0, n.transport.count());
        assertEquals(List.of(new DeathDeclared(a, START)), n.observer.all());
    }

    @Test
    void aSuspectLastHeardBeforeTheStartGetsNoDeferral() {
        int slot = suspect(n, suspicions, a, b);
        n.table.heardAt[slot] = START;
        n.loop.advance(MAX);
        assertEquals(1, verdicts.size());
        assertEquals(0, n.transport.count());
    }

    // ------------------------------------------------------------------ ending

    @Test
    void endCancelsTheSuspicion() {
        int slot = suspect(n, suspicions, a, b);
        suspicions.end(slot, "ALIVE");
        assertNull(suspicions.firstSuspector(slot));
        assertFalse(suspicions.confirm(slot, c), "nothing left to confirm");
        assertEquals(0, n.loop.pending(), "its timer is gone");
        n.loop.advance(2 * MAX);
        assertEquals(List.of(), verdicts);
        suspicions.end(slot, "ALIVE");
    }

    @Test
    void aNewSuspicionReplacesTheOneUnderWay() {
        suspect(n, suspicions, a, b);
        n.loop.advance(1_000 * MS);
        int slot = suspect(n, suspicions, a, c);
        assertSame(c, suspicions.firstSuspector(slot));
        n.loop.advance(MAX);
        assertEquals(List.of(new Verdict(START + 1_000 * MS + MAX, slot, a, 3, FailureReason.PROBE_TIMEOUT)), verdicts);
    }

    @Test
    void anExpiryFindsNothingToDeclareOnceTheMemberMovedOn() {
        int slot = suspect(n, suspicions, a, b);
        n.table.incs[slot] = 4; // a refutation membership has not ended the suspicion for
        int slotB = suspect(n, suspicions, b, c);
        n.table.setState(slotB, MemberState.ALIVE, n.loop.nanos());
        n.loop.advance(2 * MAX);
        assertEquals(List.of(), verdicts);
        assertEquals(List.of(), n.observer.all());
    }

    @Test
    void aStoppedNodeDeclaresNothing() {
        suspect(n, suspicions, a, b);
        n.local.running = false;
        n.loop.advance(2 * MAX);
        assertEquals(List.of(), verdicts);
    }

    // ------------------------------------------------------------------ the buddy system

    @Test
    void aSuspicionThisNodeRaisedIsToldToTheSuspectEveryProbeIntervalUntilItEnds() {
        int slot = suspect(n, suspicions, a, n.local.peer);
        n.loop.advance(499 * MS);
        assertEquals(0, n.transport.count(), "the failed probe's own gossip goes first");
        for (int i = 1; i <= 3; i++) {
            n.loop.advance(1 * MS);
            Wire told = n.transport.takeOnly();
            assertEquals(a.address(), told.to());
            assertEquals(List.of(new Recorder.Suspect(a, 3, n.local.peer)), told.messages(), "nudge " + i);
            n.loop.advance(499 * MS);
            assertEquals(0, n.transport.count());
        }
        suspicions.heardFromSuspect(slot, a, n.loop.nanos());
        assertEquals(0, n.transport.count(), "a suspect that talks is not told twice in one probe interval");
        n.loop.advance(1 * MS);
        n.transport.takeOnly();

        suspicions.end(slot, "ALIVE"); // it refuted
        n.loop.advance(MAX);
        assertEquals(0, n.transport.count(), "nothing after the suspicion ended");
        assertEquals(List.of(), verdicts);
    }

    @Test
    void aNudgeStopsWhenTheSuspectsIncarnationMovesOn() {
        int slot = suspect(n, suspicions, a, n.local.peer);
        n.loop.advance(500 * MS);
        n.transport.takeOnly();
        n.table.incs[slot] = 4; // a newer suspicion's incarnation, as a merge would set it
        n.loop.advance(5_000 * MS);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aSuspectThatTalksIsToldAtMostOncePerProbeInterval() {
        int slot = n.slot(a);
        suspicions.heardFromSuspect(slot, a, n.loop.nanos());
        assertEquals(0, n.transport.count(), "no suspicion, nothing to tell");

        suspect(n, suspicions, a, b);
        suspicions.heardFromSuspect(slot, a, n.loop.nanos());
        Wire told = n.transport.takeOnly();
        assertEquals(a.address(), told.to());
        assertEquals(List.of(new Recorder.Suspect(a, 3, b)), told.messages());
        assertEquals(List.of("a"), piggybackSkips, "the updates piggybacked skip the suspect's own");

        n.loop.advance(499 * MS);
        suspicions.heardFromSuspect(slot, a, n.loop.nanos());
        assertEquals(0, n.transport.count());
        n.loop.advance(1 * MS);
        suspicions.heardFromSuspect(slot, a, n.loop.nanos());
        assertEquals(List.of(new Recorder.Suspect(a, 3, b)), n.transport.takeOnly().messages());
    }
}
