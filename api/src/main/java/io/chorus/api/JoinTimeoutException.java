package io.chorus.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * No seed answered before the join timeout. The message lists every seed that was tried.
 */
@Stability(Stability.Level.STABLE)
public class JoinTimeoutException extends ChorusException {
    private static final long serialVersionUID = 1L;

    private final transient List<Address> seedsTried;
    private final Duration timeout;

    /**
     * @param seedsTried every seed contacted, in order of first contact
     * @param timeout the join timeout that ran out
     */
    public JoinTimeoutException(List<Address> seedsTried, Duration timeout) {
        super("join timed out after " + timeout.toMillis() + " ms: no seed answered; tried "
                + (seedsTried.isEmpty() ? "no seeds (discovery found none)" : seedsTried.toString()));
        this.seedsTried = List.copyOf(seedsTried);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return every seed contacted, in order of first contact */
    public List<Address> seedsTried() {
        return seedsTried == null ? List.of() : seedsTried;
    }

    /** @return the join timeout that ran out */
    public Duration timeout() {
        return timeout;
    }
}
