/**
 * The Chorus provider test kit ({@code io.chorus:chorus-testkit}): what a provider author adds at
 * test scope to check a provider against the SPI's contracts, and what the Chorus modules' own
 * tests share.
 *
 * <p>Contract tests, abstract JUnit classes whose {@code @Test} methods a provider's test class
 * inherits by extending one and naming its provider:
 * <ul>
 *   <li>{@link io.chorus.testkit.TransportContract} for a {@link io.chorus.api.spi.TransportProvider};</li>
 *   <li>{@link io.chorus.testkit.HashFunctionContract} for a {@link io.chorus.api.spi.HashFunctionProvider};</li>
 *   <li>{@link io.chorus.testkit.DiscoveryContract} for a {@link io.chorus.api.spi.DiscoveryProvider};</li>
 *   <li>{@link io.chorus.testkit.FailureDetectorContract} for a {@link io.chorus.api.spi.FailureDetectorProvider};</li>
 *   <li>{@link io.chorus.testkit.MessageSignerContract} for a {@link io.chorus.api.spi.MessageSignerProvider};</li>
 *   <li>{@link io.chorus.testkit.ProviderContract}, which each of them extends, for any provider:
 *       its id, its constructor, {@code create(null)}, and ServiceLoader on both paths.</li>
 * </ul>
 *
 * <p>Test doubles and tools: {@link io.chorus.testkit.InMemoryNetwork} with
 * {@link io.chorus.testkit.InMemoryTransportProvider} (nodes in one JVM without sockets),
 * {@link io.chorus.testkit.RecordingReceiver} (a transport receiver to wait on, with deadlines),
 * {@link io.chorus.testkit.Await}, {@link io.chorus.testkit.Allocations},
 * {@link io.chorus.testkit.ModuleShape} (the module-shape checks), {@link io.chorus.testkit.Dnsmasq}
 * and {@link io.chorus.testkit.Ports}.
 *
 * <p>It depends on the api and JUnit Jupiter's api only, never on {@code chorus-core}. A provider's
 * tests run patched into the provider's own module, which does not {@code requires} this one, so
 * there it lands on the class path: it reads the module under test only through
 * {@link java.lang.Module} and its descriptor, loads services as an unnamed module may, and needs
 * no {@code java.naming} (the dnsmasq readiness check is a hand-made DNS query).
 */
module io.chorus.testkit {
    requires transitive io.chorus.api;
    requires transitive org.junit.jupiter.api;

    exports io.chorus.testkit;
}
