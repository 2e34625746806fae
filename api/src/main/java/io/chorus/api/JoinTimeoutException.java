package io.chorus.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * No seed answered before the join timeout. The message lists every seed that was tried and, for
 * each discovery source that failed, its last error (a name that does not resolve, a file that does
 * not exist), so the reason a node found no seed is in the message, not only in {@link #getCause()}.
 */
@Stability(Stability.Level.STABLE)
public class JoinTimeoutException extends ChorusException {
    private static final long serialVersionUID = 1L;

    private final transient List<Address> seedsTried;
    private final Duration timeout;
    private final transient Map<String, String> discoveryFailures;

    /**
     * @param seedsTried every seed contacted, in order of first contact
     * @param timeout the join timeout that ran out
     */
    public JoinTimeoutException(List<Address> seedsTried, Duration timeout) {
        this(seedsTried, timeout, Map.of());
    }

    /**
     * @param seedsTried every seed contacted, in order of first contact
     * @param timeout the join timeout that ran out
     * @param discoveryFailures the last error of each discovery source that failed, by provider id
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public JoinTimeoutException(List<Address> seedsTried, Duration timeout, Map<String, String> discoveryFailures) {
        super(message(seedsTried, timeout, discoveryFailures));
        this.seedsTried = List.copyOf(seedsTried);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.discoveryFailures = Collections.unmodifiableMap(new LinkedHashMap<>(discoveryFailures));
    }

    private static String message(List<Address> seedsTried, Duration timeout, Map<String, String> failures) {
        StringBuilder b = new StringBuilder("join timed out after ").append(timeout.toMillis())
                .append(" ms: no seed answered; tried ");
        b.append(seedsTried.isEmpty() ? "no seeds (discovery found none)" : seedsTried.toString());
        if (!failures.isEmpty()) {
            b.append("; discovery failed:");
            String sep = " ";
            for (Map.Entry<String, String> e : failures.entrySet()) {
                b.append(sep).append(e.getKey()).append(": ").append(e.getValue());
                sep = "; ";
            }
        }
        return b.toString();
    }

    /** @return every seed contacted, in order of first contact */
    public List<Address> seedsTried() {
        return seedsTried == null ? List.of() : seedsTried;
    }

    /** @return the join timeout that ran out */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return the last error of each discovery source that failed during the join, by provider id
     *     (empty when every source answered, or seeds were given instead of discovered)
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public Map<String, String> discoveryFailures() {
        return discoveryFailures == null ? Map.of() : discoveryFailures;
    }
}
