/**
 * The deterministic simulator: the real Chorus engine, thousands of nodes in one JVM, in virtual
 * time, over a simulated network with latency, loss, partitions and paused or killed nodes. The
 * same seed gives the same numbers. {@link io.chorus.core.sim.Simulation#run} is what
 * {@code ./chorus simulate} calls.
 */
package io.chorus.core.sim;
