package io.chorus.api;

import java.util.Objects;

/**
 * A configuration value is invalid. The message names the field, the value given and what is
 * allowed, for example {@code probeInterval = 5ms: allowed 10ms to 60s}.
 */
@Stability(Stability.Level.STABLE)
public class InvalidConfigException extends ChorusException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String allowed;

    /**
     * @param field the configuration key or field name
     * @param value the offending value, as given
     * @param allowed the allowed values or range, in words
     */
    public InvalidConfigException(String field, Object value, String allowed) {
        super("invalid config: " + field + " = " + value + ": " + allowed);
        this.field = Objects.requireNonNull(field, "field");
        this.value = String.valueOf(value);
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    /** @return the configuration key or field name that was wrong */
    public String field() {
        return field;
    }

    /** @return the offending value, as given */
    public String value() {
        return value;
    }

    /** @return the allowed values or range, in words */
    public String allowed() {
        return allowed;
    }
}
