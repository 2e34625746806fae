/**
 * The Chorus engine: SWIM membership with the Lifeguard extensions, dissemination by
 * piggybacking, push-pull anti-entropy, join and leave, tags, events, stats, ring maintenance,
 * the default failure detectors and the deterministic simulator.
 *
 * <p>Users do not call this module: they call {@code io.chorus.api}, which finds the engine with
 * {@link java.util.ServiceLoader}. The one exported package, {@code io.chorus.core.sim}, runs the
 * real engine in virtual time.
 *
 * @uses io.chorus.api.spi.TransportProvider
 * @uses io.chorus.api.spi.DiscoveryProvider
 * @uses io.chorus.api.spi.FailureDetectorProvider
 * @uses io.chorus.api.spi.HashFunctionProvider
 * @uses io.chorus.api.spi.RingStrategyProvider
 * @uses io.chorus.api.spi.MessageSignerProvider
 */
module io.chorus.core {
    requires transitive io.chorus.api;
    requires org.slf4j;

    exports io.chorus.core.sim;

    uses io.chorus.api.spi.TransportProvider;
    uses io.chorus.api.spi.DiscoveryProvider;
    uses io.chorus.api.spi.FailureDetectorProvider;
    uses io.chorus.api.spi.HashFunctionProvider;
    uses io.chorus.api.spi.RingStrategyProvider;
    uses io.chorus.api.spi.MessageSignerProvider;
}
