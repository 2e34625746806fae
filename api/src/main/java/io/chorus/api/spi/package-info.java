/**
 * For implementers: the service-provider interfaces of Chorus.
 *
 * <p>Each kind has a provider interface, a cheap factory found by {@link java.util.ServiceLoader}:
 * a public no-arg constructor that does no I/O, a stable lowercase-dashed {@link Provider#id()},
 * a {@link Provider#priority()}, and a {@code create} method that builds the real component from
 * a typed context. A provider module declares {@code provides} in its {@code module-info.java} and
 * ships the matching {@code META-INF/services} file so class-path users find it too.
 *
 * <table>
 *   <caption>The kinds</caption>
 *   <tr><th>kind</th><th>provider</th><th>component</th><th>required</th></tr>
 *   <tr><td>engine</td><td>{@link io.chorus.api.spi.EngineProvider}</td><td>{@link io.chorus.api.Cluster}</td><td>yes (chorus-core)</td></tr>
 *   <tr><td>transport</td><td>{@link io.chorus.api.spi.TransportProvider}</td><td>{@link io.chorus.api.spi.Transport}</td><td>yes</td></tr>
 *   <tr><td>discovery</td><td>{@link io.chorus.api.spi.DiscoveryProvider}</td><td>{@link io.chorus.api.spi.Discovery}</td><td>no; every one present is used</td></tr>
 *   <tr><td>failure detection</td><td>{@link io.chorus.api.spi.FailureDetectorProvider}</td><td>{@link io.chorus.api.spi.FailureDetector}</td><td>yes (core ships three)</td></tr>
 *   <tr><td>hashing</td><td>{@link io.chorus.api.spi.HashFunctionProvider}, {@link io.chorus.api.spi.RingStrategyProvider}</td><td>{@link io.chorus.api.spi.HashFunction}, {@link io.chorus.api.Ring}</td><td>only for {@link io.chorus.api.Cluster#ring()}</td></tr>
 *   <tr><td>message signing</td><td>{@link io.chorus.api.spi.MessageSignerProvider}</td><td>{@link io.chorus.api.spi.MessageSigner}</td><td>when a secret is set</td></tr>
 * </table>
 *
 * <p>Selection: an id named in the config wins; else the single provider found; else the one of
 * highest priority. A priority tie is an error, never decided by load order. A node says which
 * provider won for each kind, and why, through {@link io.chorus.api.Cluster#providers()} and in one
 * INFO line when it starts. A provider declares the api it was built for
 * ({@link Provider#apiVersion()}); one built for a newer api than the one present is refused.
 *
 * <p>The provider interfaces and the components they create are
 * {@link io.chorus.api.Stability.Level#STABLE}; the contexts handed to {@code create}
 * ({@link ProviderContext}, {@link TransportContext}, {@link EngineContext}) are
 * {@link io.chorus.api.Stability.Level#EXPERIMENTAL}: they will gain what later work gives
 * providers, which is why they are final classes made by factories ({@code of}, {@code builder})
 * rather than records, so that a new field breaks neither a provider nor a test that makes one.
 */
package io.chorus.api.spi;
