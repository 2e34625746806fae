package io.chorus.core.fd;

import io.chorus.api.ApiVersion;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-deadline failure detector, id {@code heartbeat}, priority 10: after a probe round with
 * no ack, a member is suspected only if it has been silent for longer than
 * {@code interval x max-missed}, or if it never gave a sign of life.
 *
 * <p>Its options ({@link #options()}) are listed in the module documentation of {@code io.chorus.core}.
 */
public final class HeartbeatFailureDetectorProvider implements FailureDetectorProvider {
    /** The id that selects this detector. */
    static final String ID = "heartbeat";
    /** The priority: lowest of the detectors core ships. */
    static final int PRIORITY = 10;
    /** Option: the expected time between signs of life; by default the config's probe interval. */
    static final Option<Duration> INTERVAL = Option.duration("failure-detector.heartbeat.interval", Duration.ofMillis(1),
            Duration.ofMinutes(10), "the expected time between a member's signs of life")
            .whenUnset("the config's probeInterval");
    /** Option: intervals that may pass in silence. */
    static final Option<Integer> MAX_MISSED = Option.integer("failure-detector.heartbeat.max-missed", 3, 1, 1000,
            "how many intervals a member may stay silent before it is suspected");

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

    /** @return the interval and the intervals that may be missed */
    @Override
    public List<Option<?>> options() {
        return List.of(INTERVAL, MAX_MISSED);
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
        Duration interval = INTERVAL.read(options, context.config().probeInterval());
        int maxMissed = MAX_MISSED.read(options);
        return new HeartbeatFailureDetector(interval.toNanos() * maxMissed);
    }
}
