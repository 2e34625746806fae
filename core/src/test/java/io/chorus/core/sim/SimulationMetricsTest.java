package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Profile;
import org.junit.jupiter.api.Test;

/**
 * The simulator's fault metrics, each on a small cluster where the right answer can be worked out
 * from the protocol's own rules (the LAN profile: a probe every 500 ms, a suspicion of at least
 * alpha x max(1, log10 n) x 500 ms = 4 x 1.30 x 0.5 s = 2.6 s at 20 nodes, at most 6 times that).
 */
class SimulationMetricsTest {
    private static final int N = 20;
    private static final long INTERVAL_MS = 500;
    /** The shortest suspicion at 20 nodes: 4 x log10(20) x 500 ms. */
    private static final long MIN_SUSPICION_MS = (long) (4 * Math.log10(N) * INTERVAL_MS);
    private static final long MAX_SUSPICION_MS = 6 * MIN_SUSPICION_MS;

    private static SimulationResult run(SimulationConfig.Builder b) {
        return Simulation.run(b.build(), line -> { });
    }

    private static SimulationConfig.Builder cluster() {
        return SimulationConfig.builder(N).seed(7).profile(Profile.LAN);
    }

    @Test
    void aKillIsDetectedWithinTheSuspicionBoundsAndCountsNoFalseDeath() {
        SimulationResult r = run(cluster().kill(2));
        assertTrue(r.converged());
        assertEquals(2, r.killed());
        long first = r.detectionFirstMs().orElseThrow();
        long all = r.detectionAllMs().orElseThrow();
        // nobody declares a death before the shortest suspicion has run; every live node has within one
        // pass of round-robin probing, the longest suspicion and a few gossip rounds
        assertTrue(first >= MIN_SUSPICION_MS, "first death after " + first + " ms, the minimum suspicion is " + MIN_SUSPICION_MS);
        assertTrue(all >= first, all + " < " + first);
        long bound = N * INTERVAL_MS + MAX_SUSPICION_MS + 5_000;
        assertTrue(all <= bound, "every node saw both deaths after " + all + " ms, over the bound " + bound);
        assertEquals(0, r.falsePositiveDeaths());
        assertEquals(N - 2, r.quorumAtEnd(), "18 of 20 alive hold a majority");
    }

    @Test
    void aPauseShorterThanTheSuspicionIsSuspectedButNeverDead() {
        long pauseMs = MIN_SUSPICION_MS / 2;
        SimulationResult r = run(cluster().pause(3, pauseMs));
        assertTrue(r.converged());
        assertTrue(r.falseSuspicions() > 0, "three nodes silent for " + pauseMs + " ms, over the probe timeout, are suspected");
        assertEquals(0, r.falsePositiveDeaths(), "and refute before any suspicion runs out");
        assertTrue(r.detectionFirstMs().isEmpty(), "nothing was killed");
        assertEquals(N, r.quorumAtEnd());
    }

    @Test
    void aSymmetricPartitionHealsAndOnlyTheLargerSideHoldsQuorum() {
        SimulationResult r = run(cluster().partition(0.3, 20_000));
        assertTrue(r.converged());
        assertEquals(14, r.majorityQuorum().orElseThrow(), "the 14 of the larger side see a majority");
        assertEquals(0, r.minorityQuorum().orElseThrow(), "the 6 of the smaller side do not");
        long heal = r.healMs().orElseThrow();
        assertTrue(heal > 0 && heal < 60_000, "one view again " + heal + " ms after the heal");
        assertEquals(0, r.falsePositiveDeaths(), "deaths across the partition are the partition's, not false");
        assertEquals(N, r.quorumAtEnd());
    }

    @Test
    void aOneWayCutHealsAndTheSideThatCannotSendLosesQuorum() {
        SimulationResult r = run(cluster().oneway(0.3, 20_000));
        assertTrue(r.converged());
        assertEquals(0.3, r.onewayFraction());
        // the six that cannot send get no acks: they suspect everyone and lose quorum; the others hear
        // nothing from them and keep it
        assertEquals(14, r.majorityQuorum().orElseThrow());
        assertEquals(0, r.minorityQuorum().orElseThrow());
        assertTrue(r.healMs().orElseThrow() > 0);
        // the rest's accusations reach the six and their refutations do not get out, so a node of the six
        // may run out a suspicion of another of the six: the cut's doing, not counted; the rest, which
        // hear each other, declare none of themselves dead
        assertEquals(0, r.falsePositiveDeaths());
        assertEquals(N, r.quorumAtEnd());
    }

    @Test
    void lossOfTenPercentKillsNobody() {
        SimulationResult r = run(cluster().loss(0.1).durationS(120));
        assertTrue(r.converged());
        assertEquals(0, r.falsePositiveDeaths());
        assertTrue(r.msgsPerNodePerS() > 2, "a probe a period, and its ack: " + r.msgsPerNodePerS());
        assertEquals(N, r.quorumAtEnd());
    }

    @Test
    void aDeadSeedIsDetectedLikeAnyMember() {
        SimulationResult r = run(cluster().killSeed(true));
        assertTrue(r.converged());
        assertEquals(1, r.killed());
        assertTrue(r.killSeed());
        assertTrue(r.detectionAllMs().orElseThrow() >= MIN_SUSPICION_MS);
        assertEquals(0, r.falsePositiveDeaths());
        assertEquals(N - 1, r.quorumAtEnd());
    }

    @Test
    void theLinkAndTheLoopAreMeasured() {
        SimulationResult r = run(cluster());
        assertTrue(r.maxNodeBytesSent() > 0);
        assertTrue(r.peakNodeBytesPerS() > 0 && r.peakNodeBytesPerS() <= r.maxNodeBytesSent() * 60);
        assertEquals(0, r.droppedByQueue(), "20 nodes on gigabit links fill no socket");
        // a link of 1 Mbit/s carries at most 125,000 bytes a second
        SimulationResult slow = run(cluster().bandwidthMbps(1));
        assertTrue(slow.peakNodeBytesPerS() <= 125_000 + 8_192, "peak " + slow.peakNodeBytesPerS() + " B/s on 1 Mbit/s");
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        String a = run(cluster().kill(1).loss(0.05)).toJson().replaceFirst(",\"wall_ms\":[0-9]+", "");
        String b = run(cluster().kill(1).loss(0.05)).toJson().replaceFirst(",\"wall_ms\":[0-9]+", "");
        assertEquals(a, b);
    }
}
