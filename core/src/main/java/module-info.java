/**
 * The Chorus engine: SWIM membership with the Lifeguard extensions, dissemination by
 * piggybacking, push-pull anti-entropy, join and leave, tags, events, stats, ring maintenance,
 * the default failure detectors and the deterministic simulator.
 *
 * <p>Users do not call this module: they call {@code io.chorus.api}, which finds the engine with
 * {@link java.util.ServiceLoader}. The one exported package, {@code io.chorus.core.sim}, runs the
 * real engine in virtual time.
 *
 * <p>Failure detectors (select one with {@code failureDetector}; options in {@code options}):
 * <ul>
 *   <li>{@code swim} (priority 100, the default): suspects a member whenever a probe round, direct
 *       and indirect, got no ack. No options.</li>
 *   <li>{@code phi-accrual} (priority 50): suspects a member once phi, computed from the intervals
 *       between its signs of life, reaches a threshold; with fewer than two intervals known it
 *       suspects, as {@code swim} does.
 *       {@code failure-detector.phi-accrual.threshold}: a decimal number, default 8, 1 to 50;
 *       {@code failure-detector.phi-accrual.window}: intervals kept per member, default 100, 2 to 10000;
 *       {@code failure-detector.phi-accrual.min-std-deviation}: a duration, default 100ms, 1ms to 60s.</li>
 *   <li>{@code heartbeat} (priority 10): suspects a member silent for longer than
 *       {@code interval x max-missed}, or never heard from.
 *       {@code failure-detector.heartbeat.interval}: a duration, default the config's
 *       {@code probeInterval}, 1ms to 10m;
 *       {@code failure-detector.heartbeat.max-missed}: default 3, 1 to 1000.</li>
 * </ul>
 * A value out of range fails {@code create} with an {@link io.chorus.api.InvalidConfigException}
 * naming the key, the value and the range.
 *
 * <p>The ring ({@link io.chorus.api.Cluster#ring()}, with {@code io.chorus:chorus-hashing} present) is
 * rebuilt off the protocol loop after each membership change and published atomically; a
 * {@link io.chorus.api.ClusterEvent.RingChanged} event gives the share of keys that moved. Option
 * {@code ring.include-suspect} ({@code true} or {@code false}, default {@code false}) keeps SUSPECT
 * members on the ring as well as ALIVE ones.
 *
 * <p>Discovery: {@code Cluster.join()} asks every discovery provider for seeds on a thread of its
 * own (never the protocol loop), again before each join retry, and then every
 * {@link io.chorus.api.spi.Discovery#refreshInterval()} while the node runs; each answer replaces
 * the seeds that source gave before. A source that fails is logged at warn, naming the provider
 * and the cause, keeps its last good seeds and is asked again; it never stops {@code start()} or
 * {@code join()}.
 *
 * @uses io.chorus.api.spi.TransportProvider
 * @uses io.chorus.api.spi.DiscoveryProvider
 * @uses io.chorus.api.spi.FailureDetectorProvider
 * @uses io.chorus.api.spi.HashFunctionProvider
 * @uses io.chorus.api.spi.RingStrategyProvider
 * @uses io.chorus.api.spi.MessageSignerProvider
 * @provides io.chorus.api.spi.FailureDetectorProvider
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

    provides io.chorus.api.spi.EngineProvider with io.chorus.core.CoreEngineProvider;
    provides io.chorus.api.spi.FailureDetectorProvider with io.chorus.core.fd.SwimFailureDetectorProvider, io.chorus.core.fd.PhiAccrualFailureDetectorProvider, io.chorus.core.fd.HeartbeatFailureDetectorProvider;
}
