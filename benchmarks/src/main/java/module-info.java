/**
 * JMH benchmarks. Built into a shaded jar and run from the class path
 * ({@code java -jar benchmarks/target/benchmarks.jar}); this descriptor only keeps the module
 * graph honest at compile time.
 */
module io.chorus.benchmarks {
    requires io.chorus.api;
    requires io.chorus.core;
    requires jmh.core;
    requires com.google.common;

    // transports are found as the engine finds them; provider modules export nothing
    uses io.chorus.api.spi.TransportProvider;
}
