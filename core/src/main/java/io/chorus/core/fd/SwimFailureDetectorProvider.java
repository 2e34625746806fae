package io.chorus.core.fd;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/**
 * The SWIM failure detector, id {@code swim}, priority 100 (the default): a member is suspected
 * whenever a probe round (direct and indirect) ended with no ack. It keeps no state and has no
 * options.
 */
public final class SwimFailureDetectorProvider implements FailureDetectorProvider {
    /** The id that selects this detector. */
    static final String ID = "swim";
    /** The priority: highest of the detectors core ships, so it is the default. */
    static final int PRIORITY = 100;

    /** Creates the provider; does nothing else. */
    public SwimFailureDetectorProvider() {
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

    @Override
    public FailureDetector create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return SwimFailureDetector.INSTANCE;
    }
}
