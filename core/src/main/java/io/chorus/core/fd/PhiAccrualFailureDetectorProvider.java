package io.chorus.core.fd;

import io.chorus.api.ApiVersion;
import io.chorus.api.Options;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.Objects;

/**
 * The phi accrual failure detector (Hayashibara et al.), id {@code phi-accrual}, priority 50.
 * It learns how often each member gives a sign of life and, after a probe round with no ack,
 * suspects the member only if its silence has become unlikely: phi, the negative base-10 logarithm
 * of the probability of a silence that long, reaches the threshold. A member with fewer than two
 * recorded intervals is suspected, as SWIM would.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code failure-detector.phi-accrual.threshold}: phi at which a member is suspected;
 *       a decimal number; default 8; 1 to 50;</li>
 *   <li>{@code failure-detector.phi-accrual.window}: intervals kept per member; default 100;
 *       2 to 10000;</li>
 *   <li>{@code failure-detector.phi-accrual.min-std-deviation}: the smallest standard deviation
 *       assumed, so that very regular members are not suspected on the first late packet;
 *       default 100ms; 1ms to 60s.</li>
 * </ul>
 */
public final class PhiAccrualFailureDetectorProvider implements FailureDetectorProvider {
    /** The id that selects this detector. */
    static final String ID = "phi-accrual";
    /** The priority: between {@code swim} and {@code heartbeat}. */
    static final int PRIORITY = 50;
    static final String THRESHOLD = "failure-detector.phi-accrual.threshold";
    static final String WINDOW = "failure-detector.phi-accrual.window";
    static final String MIN_STD_DEVIATION = "failure-detector.phi-accrual.min-std-deviation";

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

    /**
     * @param context config and options
     * @return a new detector
     * @throws io.chorus.api.InvalidConfigException naming the option, its value and the allowed range
     */
    @Override
    public FailureDetector create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        Options options = context.options();
        double threshold = OptionValues.decimal(options, THRESHOLD, 8, 1, 50);
        int window = options.intValue(WINDOW, 100, 2, 10_000);
        Duration minStd = options.duration(MIN_STD_DEVIATION, Duration.ofMillis(100),
                Duration.ofMillis(1), Duration.ofSeconds(60));
        return new PhiAccrualFailureDetector(threshold, window, minStd.toNanos());
    }
}
