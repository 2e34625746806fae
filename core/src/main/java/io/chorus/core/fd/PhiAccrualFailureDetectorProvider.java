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
 * The phi accrual failure detector (Hayashibara et al.), id {@code phi-accrual}, priority 50.
 * It learns how often each member gives a sign of life and, after a probe round with no ack,
 * suspects the member only if its silence has become unlikely: phi, the negative base-10 logarithm
 * of the probability of a silence that long, reaches the threshold. A member with fewer than two
 * recorded intervals is suspected, as SWIM would.
 *
 * <p>Its options ({@link #options()}) are listed in the module documentation of {@code io.chorus.core}.
 */
public final class PhiAccrualFailureDetectorProvider implements FailureDetectorProvider {
    /** The id that selects this detector. */
    static final String ID = "phi-accrual";
    /** The priority: between {@code swim} and {@code heartbeat}. */
    static final int PRIORITY = 50;
    /** Option: phi at which a member is suspected. */
    static final Option<Double> THRESHOLD = Option.decimal("failure-detector.phi-accrual.threshold", 8, 1, 50,
            "phi at which a member is suspected: higher waits longer and accuses less");
    /** Option: intervals kept per member. */
    static final Option<Integer> WINDOW = Option.integer("failure-detector.phi-accrual.window", 100, 2, 10_000,
            "intervals between signs of life kept per member");
    /** Option: the smallest standard deviation assumed. */
    static final Option<Duration> MIN_STD_DEVIATION = Option.duration("failure-detector.phi-accrual.min-std-deviation",
            Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofSeconds(60),
            "the smallest standard deviation assumed, so that a very regular member is not suspected on its first late packet");

    /** Creates the provider; does nothing else. */
    public PhiAccrualFailureDetectorProvider() {
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

    /** @return the threshold, the window and the smallest standard deviation */
    @Override
    public List<Option<?>> options() {
        return List.of(THRESHOLD, WINDOW, MIN_STD_DEVIATION);
    }

    /**
     * @param context config and options
     * @return a new detector
     * @throws io.chorus.api.InvalidConfigException naming the option, its value and the allowed range
     */
    @Override
    public FailureDetector create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        Options options = context.options();
        double threshold = THRESHOLD.read(options);
        int window = WINDOW.read(options);
        Duration minStd = MIN_STD_DEVIATION.read(options);
        return new PhiAccrualFailureDetector(threshold, window, minStd.toNanos());
    }
}
