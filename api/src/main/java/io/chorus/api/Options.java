package io.chorus.api;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Provider-specific settings: namespaced keys such as {@code transport.udp.packet-budget} mapped to
 * text values, the same keys as in the agent's JSON config file. Providers declare each key they
 * read once, as an {@link Option}, and read it through that declaration; the typed accessors here
 * (which say the same words) remain for code that has no declaration. A bad value throws
 * {@link InvalidConfigException} naming the key, the value and the allowed range.
 */
@Stability(Stability.Level.STABLE)
public final class Options {
    private static final Options EMPTY = new Options(Map.of());

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** @return no options */
    public static Options empty() {
        return EMPTY;
    }

    /**
     * @param values keys and values; copied
     * @return the options
     */
    public static Options of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            Objects.requireNonNull(k, "option key");
            Objects.requireNonNull(v, "value of option " + k);
            if (k.isBlank()) {
                throw new InvalidConfigException("options", "''", "option keys must not be blank");
            }
            copy.put(k, v);
        });
        return copy.isEmpty() ? EMPTY : new Options(Collections.unmodifiableMap(copy));
    }

    /** @return every key and value, sorted by key */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * @param key a full key
     * @return its value, if set
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * @param key a full key
     * @param defaultValue the value when unset
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value, checked
     */
    public int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    /**
     * @param key a full key
     * @param defaultValue the value when unset
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value, checked
     */
    public long longValue(String key, long defaultValue, long min, long max) {
        String raw = values.get(key);
        if (raw != null) {
            return Option.wholeNumber(key, raw, min, max);
        }
        if (defaultValue < min || defaultValue > max) {
            throw new InvalidConfigException(key, defaultValue, "a whole number from " + min + " to " + max);
        }
        return defaultValue;
    }

    /**
     * @param key a full key
     * @param defaultValue the value when unset
     * @return {@code true} or {@code false}
     */
    public boolean booleanValue(String key, boolean defaultValue) {
        String raw = values.get(key);
        return raw == null ? defaultValue : Option.booleanValue(key, raw);
    }

    /**
     * Reads a duration written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601
     * ({@code PT5S}).
     *
     * @param key a full key
     * @param defaultValue the value when unset
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the value, checked
     */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        String raw = values.get(key);
        if (raw != null) {
            return Option.durationValue(key, raw, min, max);
        }
        if (defaultValue.compareTo(min) < 0 || defaultValue.compareTo(max) > 0) {
            throw new InvalidConfigException(key, format(defaultValue), "a duration from " + format(min) + " to " + format(max));
        }
        return defaultValue;
    }

    /**
     * @param key a full key
     * @return the comma-separated values, trimmed, without empty entries
     */
    public List<String> list(String key) {
        String raw = values.get(key);
        return raw == null ? List.of() : Option.listValue(raw);
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 0} or ISO-8601.
     *
     * @param field the field or key, for the error message
     * @param text the text
     * @return the duration
     * @throws InvalidConfigException naming the field and the value
     */
    public static Duration parseDuration(String field, String text) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            switch (t.charAt(t.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // falls through to the error below
        }
        throw new InvalidConfigException(field, text, "a duration such as 250ms, 5s, 2m, 1h or PT5S");
    }

    /**
     * @param d a duration
     * @return it as {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h} where exact
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms != 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Options" + values;
    }
}
