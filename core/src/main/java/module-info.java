/**
 * The Chorus engine: SWIM membership with the Lifeguard extensions, dissemination by
 * piggybacking, push-pull anti-entropy, join and leave, tags, events, stats, ring maintenance,
 * the default failure detectors and the deterministic simulator.
 *
 * <p>Users do not call this module: they call {@code io.chorus.api}, which finds the engine with
 * {@link java.util.ServiceLoader}. The one exported package, {@code io.chorus.core.sim}, runs the
 * real engine in virtual time.
 *
 * <p>Failure detectors (select one with {@code failureDetector}):
 * <ul>
 *   <li>{@code swim} (priority 100, the default): suspects a member whenever a probe round, direct
 *       and indirect, got no ack. No options.</li>
 *   <li>{@code phi-accrual} (priority 50): suspects a member once phi, computed from the intervals
 *       between its signs of life, reaches a threshold; with fewer than two intervals known it
 *       suspects, as {@code swim} does. Options {@code failure-detector.phi-accrual.*}.</li>
 *   <li>{@code heartbeat} (priority 10): suspects a member silent for longer than
 *       {@code interval x max-missed}, or never heard from. Options
 *       {@code failure-detector.heartbeat.*}.</li>
 * </ul>
 *
 * <p>The ring ({@link io.chorus.api.Cluster#ring()}, with {@code io.chorus:chorus-hashing} present) is
 * rebuilt off the protocol loop after each membership change and published atomically; a
 * {@link io.chorus.api.ClusterEvent.RingChanged} event gives the share of keys that moved. Option
 * {@code ring.include-suspect} keeps SUSPECT members on the ring as well as ALIVE ones.
 *
 * <p>Flight recorder: the protocol emits {@code chorus.ProbeRound}, {@code chorus.Suspicion},
 * {@code chorus.MemberState}, {@code chorus.PushPull} and {@code chorus.RejectedMessage} events
 * (category Chorus), disabled unless a recording enables them; a disabled event costs one check.
 *
 * <p>Discovery: {@code Cluster.join()} asks every discovery provider for seeds on a thread of its
 * own (never the protocol loop), again before each join retry, and then every
 * {@link io.chorus.api.spi.Discovery#refreshInterval()} while the node runs; each answer replaces
 * the seeds that source gave before. A source that fails is logged at warn, naming the provider
 * and the cause, keeps its last good seeds and is asked again; it never stops {@code start()} or
 * {@code join()}.
 *
 * <p>Options (keys of {@code ClusterConfig.options()}, the agent's {@code --option} or its JSON
 * {@code option} object): the node's own ({@code messaging.*}, {@code compression.*},
 * {@code ring.*}) and the failure detectors'. {@code Chorus.create} reads each one set: a value out
 * of range, or a key no module declares, fails with an {@link io.chorus.api.InvalidConfigException}
 * naming it. Durations are written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.core (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code compression.enabled}</td><td>boolean</td><td>true</td><td>true or false</td>
 *       <td>whether this node compresses frames, advertises that it inflates, and inflates; false: the wire of a build before compression</td></tr>
 *   <tr><td>{@code compression.max-inflated-bytes}</td><td>bytes</td><td>16777216 (16 MiB)</td><td>65536 (64 KiB) to 1073741824 (1 GiB)</td>
 *       <td>the largest inflated size of a compressed packet or frame accepted; a larger claim is dropped unread</td></tr>
 *   <tr><td>{@code compression.threshold}</td><td>bytes</td><td>1024 (1 KiB)</td><td>0 to 1073741824 (1 GiB)</td>
 *       <td>message bytes from which a frame is compressed; 0 never compresses (but still inflates)</td></tr>
 *   <tr><td>{@code failure-detector.heartbeat.interval}</td><td>duration</td><td>the config's probeInterval</td><td>1ms to 10m</td>
 *       <td>the expected time between a member's signs of life</td></tr>
 *   <tr><td>{@code failure-detector.heartbeat.max-missed}</td><td>integer</td><td>3</td><td>1 to 1000</td>
 *       <td>how many intervals a member may stay silent before it is suspected</td></tr>
 *   <tr><td>{@code failure-detector.phi-accrual.min-std-deviation}</td><td>duration</td><td>100ms</td><td>1ms to 1m</td>
 *       <td>the smallest standard deviation assumed, so that a very regular member is not suspected on its first late packet</td></tr>
 *   <tr><td>{@code failure-detector.phi-accrual.threshold}</td><td>decimal</td><td>8</td><td>1 to 50</td>
 *       <td>phi at which a member is suspected: higher waits longer and accuses less</td></tr>
 *   <tr><td>{@code failure-detector.phi-accrual.window}</td><td>integer</td><td>100</td><td>2 to 10000</td>
 *       <td>intervals between signs of life kept per member</td></tr>
 *   <tr><td>{@code messaging.broadcast-limit}</td><td>bytes</td><td>8192 (8 KiB)</td><td>64 to 1048576 (1 MiB)</td>
 *       <td>user events up to this size spread by gossip; larger ones go from the sender to each member over a stream</td></tr>
 *   <tr><td>{@code messaging.coalesce-period}</td><td>duration</td><td>200ms</td><td>0ms to 10m</td>
 *       <td>how long coalescing user events of one sender and topic gather before the latest is delivered; 0 delivers each</td></tr>
 *   <tr><td>{@code messaging.max-broadcasts}</td><td>integer</td><td>256</td><td>1 to 1024</td>
 *       <td>this node's user events still spreading; one more fails at once (REJECTED)</td></tr>
 *   <tr><td>{@code messaging.max-payload}</td><td>bytes</td><td>4194304 (4 MiB)</td><td>1024 (1 KiB) to 67108864 (64 MiB)</td>
 *       <td>the largest payload of a message, request, reply or user event; keep it under transport.tcp.max-frame-bytes</td></tr>
 *   <tr><td>{@code messaging.max-pending}</td><td>integer</td><td>16384</td><td>1 to 1000000</td>
 *       <td>requests this node keeps in flight; one more fails at once (REJECTED)</td></tr>
 *   <tr><td>{@code messaging.queue}</td><td>integer</td><td>4096</td><td>1 to 1000000</td>
 *       <td>messages waiting for a message thread; a request that finds the queue full is answered OVERLOADED</td></tr>
 *   <tr><td>{@code messaging.reorder-window}</td><td>duration</td><td>2s</td><td>10ms to 10m</td>
 *       <td>how long a user event waits behind a gap in its sender's order before it is delivered anyway</td></tr>
 *   <tr><td>{@code messaging.route-attempts}</td><td>integer</td><td>3</td><td>1 to 16</td>
 *       <td>members a request by key tries, in ring order, within its one timeout</td></tr>
 *   <tr><td>{@code messaging.threads}</td><td>integer</td><td>4</td><td>1 to 256</td>
 *       <td>message threads, which run the handlers and complete the futures</td></tr>
 *   <tr><td>{@code ring.include-suspect}</td><td>boolean</td><td>false</td><td>true or false</td>
 *       <td>keep SUSPECT members on the ring as well as ALIVE ones</td></tr>
 * </table>
 * <!-- end of options -->
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
    requires jdk.jfr;

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
