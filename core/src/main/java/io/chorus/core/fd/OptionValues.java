package io.chorus.core.fd;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Option accessors that {@link Options} lacks, with the same error style. */
final class OptionValues {
    /** Plain decimal notation with an optional exponent: no hex, no NaN, no Infinity, no type suffix. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private OptionValues() {
    }

    /**
     * Reads a decimal number such as {@code 8} or {@code 12.5}.
     *
     * @param options the options
     * @param key a full key
     * @param defaultValue the value when unset
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value, checked
     * @throws InvalidConfigException naming the key, the value and the range
     */
    static double decimal(Options options, String key, double defaultValue, double min, double max) {
        String allowed = "a number from " + text(min) + " to " + text(max);
        String raw = options.get(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        String trimmed = raw.trim();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new InvalidConfigException(key, raw, allowed);
        }
        double value = Double.parseDouble(trimmed);
        if (!(value >= min && value <= max)) {
            throw new InvalidConfigException(key, raw, allowed);
        }
        return value;
    }

    /** @return {@code 1} for 1.0, {@code 0.5} for 0.5: no trailing zeros */
    private static String text(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
