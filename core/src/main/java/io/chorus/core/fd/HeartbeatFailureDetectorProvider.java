package io.chorus.core.fd;

import io.chorus.api.ApiVersion;
import io.chorus.api.Options;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.Objects;

/**
 * A fixed-deadline failure detector, id {@code heartbeat}, priority 10: after a probe round with
 * no ack, a member is suspected only if it has been silent for longer than
 * {@code interval x max-missed}, or if it never gave a sign of life.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code failure-detector.heartbeat.interval}: the expected time between signs of life;
 *       default the config's {@code probeInterval}; 1ms to 10m;</li>
 *   <li>{@code failure-detector.heartbeat.max-missed}: how many intervals may pass in silence;
 *       default 3; 1 to 1000.</li>
 * </ul>
 */
public final class HeartbeatFailureDetectorProvider implements FailureDetectorProvider {
    /** The id that selects this detector. */
    static final String ID = "heartbeat";
    /** The priority: lowest of the detectors core ships. */
    static final int PRIORITY = 10;
    static final String INTERVAL = "failure-detector.heartbeat.interval";
    static final String MAX_MISSED = "failure-detector.heartbeat.max-missed";

    /** Creates the provider; does nothing else. */
    public HeartbeatFailureDetectorProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * @param context config (its probe interval is the default interval) and options
     * @return a new detector
     * @throws io.chorus.api.InvalidConfigException naming the option, its value and the allowed range
     */
    @Override
    public FailureDetector create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        Options options = context.options();
        Duration interval = options.duration(INTERVAL, context.config().probeInterval(),
                Duration.ofMillis(1), Duration.ofMinutes(10));
        int maxMissed = options.intValue(MAX_MISSED, 3, 1, 1000);
        return new HeartbeatFailureDetector(interval.toNanos() * maxMissed);
    }
}
