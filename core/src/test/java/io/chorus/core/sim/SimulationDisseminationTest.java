package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The simulator times one tag update's spread to every live node, reproducibly from the seed. */
class SimulationDisseminationTest {
    private static SimulationResult run(boolean disseminate) {
        return Simulation.run(SimulationConfig.builder(200).seed(7).durationS(15).disseminate(disseminate).build(), l -> { });
    }

    @Test
    void anUpdateReachesEveryNodeAndTheSeedFixesHowFast() {
        SimulationResult first = run(true);
        assertTrue(first.converged(), first.toJson());
        long ms = first.disseminationMs().orElseThrow(() -> new AssertionError("not every node saw the update: "
                + first.toJson()));
        // gossip every 200 ms to 3 members reaches 200 nodes in a handful of rounds, well inside 15 virtual seconds
        assertTrue(ms > 0 && ms < 10_000, first.toJson());
        assertEquals(0, first.falsePositiveDeaths());
        SimulationResult second = run(true);
        assertEquals(first.disseminationMs(), second.disseminationMs());
        assertTrue(first.toJson().contains("\"dissemination_ms\":" + ms + ","), first.toJson());
    }

    @Test
    void withoutTheUpdateNothingIsMeasured() {
        SimulationResult r = run(false);
        assertTrue(r.disseminationMs().isEmpty());
        assertTrue(r.toJson().contains("\"dissemination_ms\":null,"), r.toJson());
    }
}
