package io.chorus.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The simulator's CPU costs (docs/simulator.md, "Calibration") divide {@link CodecBenchmark}'s
 * times by the sizes of its probe packet and push-pull state. A codec change that changes a size
 * fails here: measure the benchmarks again and update the costs and the page with the new sizes.
 */
class SimulatorCalibrationTest {

    @Test
    void theCodecBenchmarksMessagesHaveTheSizesTheCalibrationDividesBy() {
        CodecBenchmark bench = new CodecBenchmark();
        bench.setUp();
        assertEquals(53_919, bench.stateBytes.length, "the 1,000-member push-pull state");
        assertEquals(8_375, bench.packedStateBytes.length, "the same state compressed");
        assertEquals(1_369, bench.encodeProbePacket(), "a full probe packet");
    }
}
