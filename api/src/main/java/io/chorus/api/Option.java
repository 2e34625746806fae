package io.chorus.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One provider setting, declared once: its key, type, default, range and one line of
 * documentation. The code that reads the setting reads it through its declaration
 * ({@link #read(Options)}), which parses the text and checks the range; the provider lists its
 * declarations in {@link io.chorus.api.spi.Provider#options()}, so that the engine checks every
 * key of {@link ClusterConfig#options()} when the node is created (an unknown key under a prefix
 * some module declares is an error naming the nearest known key) and the reference documentation
 * is generated from the same declarations.
 *
 * <pre>{@code
 * static final Option<Integer> COUNT = Option.integer("hashing.vnode.count", 160, 1, 10_000,
 *         "vnodes per unit of a member's weight");
 *
 * int count = COUNT.read(context.options()); // 160 when unset; InvalidConfigException when out of range
 * }</pre>
 *
 * <p>A key is namespaced: two or more dot-separated segments of lowercase letters, digits and
 * {@code -}, the first starting with a letter ({@code transport.udp.packet-budget}). Its
 * {@link #prefix()}, everything before the last dot, names the module or provider it belongs to.
 * A bad value throws {@link InvalidConfigException} naming the key, the value as given and what is
 * allowed, for example {@code invalid config: hashing.vnode.count = 0: a whole number from 1 to 10000}.
 *
 * <p>Instances are immutable and safe to share; the methods that return an option return a new one.
 *
 * @param <T> the type of the value read
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Option<T> {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
    /** Plain decimal notation with an optional exponent: no hex, no NaN, no Infinity, no type suffix. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String NO_DEFAULT = "none";

    /** Parses the text of a value that is set; throws {@link InvalidConfigException} when it is not valid. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String raw);
    }

    private final String key;
    private final String typeName;
    private final T defaultValue; // null: no fixed default
    private final String defaultText;
    private final String rangeText;
    private final String allowed; // null: the parser's own words
    private final String doc;
    private final boolean quoted;
    private final Parser<T> parser;
    private final UnaryOperator<T> check;

    private Option(String key, String typeName, T defaultValue, String defaultText, String rangeText, String allowed,
            String doc, boolean quoted, Parser<T> parser, UnaryOperator<T> check) {
        this.key = key;
        this.typeName = typeName;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.rangeText = rangeText;
        this.allowed = allowed;
        this.doc = doc;
        this.quoted = quoted;
        this.parser = parser;
        this.check = check;
    }

    private static <T> Option<T> declare(String key, String typeName, T defaultValue, String defaultText,
            String rangeText, String doc, boolean quoted, Parser<T> parser) {
        return new Option<>(checkKey(key), typeName, defaultValue, defaultText, rangeText, null, checkDoc(doc), quoted,
                parser, UnaryOperator.identity());
    }

    // ---------------------------------------------------------------------------------------------
    // factories

    /**
     * A whole number that fits an {@code int}, written in decimal digits.
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Integer> integer(String key, int defaultValue, int min, int max, String doc) {
        checkRange(key, min <= max && defaultValue >= min && defaultValue <= max, defaultValue, min, max);
        return declare(key, "integer", defaultValue, Integer.toString(defaultValue), min + " to " + max, doc, false,
                raw -> (int) wholeNumber(key, raw, min, max));
    }

    /**
     * A whole number that fits an {@code int}, with no fixed default: when it is unset, the code
     * that reads it decides ({@link #find(Options)}, {@link #read(Options, Object)}); say what
     * happens with {@link #whenUnset(String)}.
     *
     * @param key the full key
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or {@code min > max}
     */
    public static Option<Integer> integer(String key, int min, int max, String doc) {
        checkRange(key, min <= max, min, min, max);
        return declare(key, "integer", null, NO_DEFAULT, min + " to " + max, doc, false,
                raw -> (int) wholeNumber(key, raw, min, max));
    }

    /**
     * A whole number that fits a {@code long}.
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Long> longInteger(String key, long defaultValue, long min, long max, String doc) {
        checkRange(key, min <= max && defaultValue >= min && defaultValue <= max, defaultValue, min, max);
        return declare(key, "integer", defaultValue, Long.toString(defaultValue), min + " to " + max, doc, false,
                raw -> wholeNumber(key, raw, min, max));
    }

    /**
     * A number of bytes that fits an {@code int}: read as {@link #integer(String, int, int, int, String)},
     * documented with binary units ({@code 4194304 (4 MiB)}).
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Integer> bytes(String key, int defaultValue, int min, int max, String doc) {
        checkRange(key, min <= max && defaultValue >= min && defaultValue <= max, defaultValue, min, max);
        return declare(key, "bytes", defaultValue, bytesText(defaultValue), bytesText(min) + " to " + bytesText(max), doc,
                false, raw -> (int) wholeNumber(key, raw, min, max));
    }

    /**
     * A number of bytes that fits a {@code long}: read as
     * {@link #longInteger(String, long, long, long, String)}, documented with binary units.
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Long> longBytes(String key, long defaultValue, long min, long max, String doc) {
        checkRange(key, min <= max && defaultValue >= min && defaultValue <= max, defaultValue, min, max);
        return declare(key, "bytes", defaultValue, bytesText(defaultValue), bytesText(min) + " to " + bytesText(max), doc,
                false, raw -> wholeNumber(key, raw, min, max));
    }

    /**
     * A decimal number such as {@code 8} or {@code 12.5}, in plain notation with an optional
     * exponent (no hexadecimal, {@code NaN} or {@code Infinity}).
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Double> decimal(String key, double defaultValue, double min, double max, String doc) {
        checkRange(key, min <= max && defaultValue >= min && defaultValue <= max, defaultValue, min, max);
        return declare(key, "decimal", defaultValue, decimalText(defaultValue), decimalText(min) + " to " + decimalText(max),
                doc, false, raw -> decimalNumber(key, raw, min, max));
    }

    /**
     * {@code true} or {@code false}, in any case.
     *
     * @param key the full key
     * @param defaultValue the value when unset
     * @param doc one line of documentation: what {@code true} means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed
     */
    public static Option<Boolean> bool(String key, boolean defaultValue, String doc) {
        return declare(key, "boolean", defaultValue, Boolean.toString(defaultValue), "true or false", doc, false,
                raw -> booleanValue(key, raw));
    }

    /**
     * A duration, written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 0} or ISO-8601
     * ({@code PT5S}).
     *
     * @param key the full key
     * @param defaultValue the value when unset, within the range
     * @param min the shortest allowed
     * @param max the longest allowed
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or the default is out of range
     */
    public static Option<Duration> duration(String key, Duration defaultValue, Duration min, Duration max, String doc) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        checkDurations(key, min, max, defaultValue);
        return declare(key, "duration", defaultValue, Options.format(defaultValue),
                Options.format(min) + " to " + Options.format(max), doc, false, raw -> durationValue(key, raw, min, max));
    }

    /**
     * A duration with no fixed default: when it is unset, the code that reads it decides; say what
     * happens with {@link #whenUnset(String)}.
     *
     * @param key the full key
     * @param min the shortest allowed
     * @param max the longest allowed
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, or {@code min > max}
     */
    public static Option<Duration> duration(String key, Duration min, Duration max, String doc) {
        checkDurations(key, min, max, min);
        return declare(key, "duration", null, NO_DEFAULT, Options.format(min) + " to " + Options.format(max), doc, false,
                raw -> durationValue(key, raw, min, max));
    }

    /**
     * Any text, as given (spaces included).
     *
     * @param key the full key
     * @param defaultValue the value when unset
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed
     */
    public static Option<String> text(String key, String defaultValue, String doc) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return declare(key, "text", defaultValue, defaultValue.isEmpty() ? "empty" : defaultValue, "any text", doc, true,
                raw -> raw);
    }

    /**
     * Any text, with no fixed default: when it is unset, the code that reads it decides; say what
     * happens with {@link #whenUnset(String)}.
     *
     * @param key the full key
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed
     */
    public static Option<String> text(String key, String doc) {
        return declare(key, "text", null, NO_DEFAULT, "any text", doc, true, raw -> raw);
    }

    /**
     * One of a fixed set of words, matched exactly after trimming spaces.
     *
     * @param key the full key
     * @param defaultValue the value when unset, one of {@code values}
     * @param values the allowed values, in the order the documentation lists them
     * @param doc one line of documentation: what the value means
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed, there are no values, or the
     *     default is not one of them
     */
    public static Option<String> choice(String key, String defaultValue, List<String> values, String doc) {
        List<String> allowedValues = List.copyOf(values);
        if (allowedValues.isEmpty() || !allowedValues.contains(defaultValue)) {
            throw new IllegalArgumentException("option " + key + ": the default '" + defaultValue + "' must be one of "
                    + allowedValues);
        }
        String words = "one of " + String.join(", ", allowedValues);
        return declare(key, "choice", defaultValue, defaultValue, words, doc, true, raw -> {
            String t = raw.trim();
            if (!allowedValues.contains(t)) {
                throw new InvalidConfigException(key, "'" + raw + "'", words);
            }
            return t;
        });
    }

    /**
     * Comma-separated values, each trimmed, empty entries dropped; empty when unset.
     *
     * @param key the full key
     * @param doc one line of documentation: what the values mean
     * @return the declaration
     * @throws IllegalArgumentException if the key or doc is malformed
     */
    public static Option<List<String>> list(String key, String doc) {
        return declare(key, "list", List.of(), "empty", "comma-separated values", doc, true, Option::listValue);
    }

    // ---------------------------------------------------------------------------------------------
    // derived declarations

    /**
     * Adds a check that the range alone does not express (a prime, a DNS name, a byte length).
     * The check runs after the value is parsed and range-checked, and may return a normalised
     * value; it throws {@link IllegalArgumentException} whose message says what is allowed (or
     * {@link InvalidConfigException} itself). {@code allowed} replaces the range in the
     * documentation and in the message of every failure that has no words of its own.
     *
     * @param allowed what is allowed, in words, for example {@code a prime from 11 to 16777213}
     * @param extra the check; returns the value, possibly normalised
     * @return a new declaration
     */
    public Option<T> withCheck(String allowed, UnaryOperator<T> extra) {
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(extra, "extra");
        if (allowed.isBlank()) {
            throw new IllegalArgumentException("option " + key + ": the allowed values must not be blank");
        }
        UnaryOperator<T> first = check;
        UnaryOperator<T> both = v -> extra.apply(first.apply(v));
        if (defaultValue != null) {
            both.apply(defaultValue); // a default that fails its own check is a mistake in the declaration
        }
        return new Option<>(key, typeName, defaultValue, defaultText, allowed, allowed, doc, quoted, parser, both);
    }

    /**
     * Says, for the documentation, what happens when the option is unset, for example {@code the
     * node's bind port}; the value read is unchanged.
     *
     * @param text the default, in words
     * @return a new declaration
     */
    public Option<T> whenUnset(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("option " + key + ": the default's description must be one non-blank line");
        }
        return new Option<>(key, typeName, defaultValue, text, rangeText, allowed, doc, quoted, parser, check);
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /**
     * @param options the provider settings
     * @return the value set, parsed and checked, or the default when unset
     * @throws InvalidConfigException naming the key, the value and what is allowed
     * @throws IllegalStateException if the option is unset and has no fixed default: read such an
     *     option with {@link #find(Options)} or {@link #read(Options, Object)}
     */
    public T read(Options options) {
        Optional<T> value = find(options);
        if (value.isPresent()) {
            return value.get();
        }
        if (defaultValue == null) {
            throw new IllegalStateException("option " + key + " has no fixed default (" + defaultText
                    + "): read it with find(options) or read(options, fallback)");
        }
        return defaultValue;
    }

    /**
     * @param options the provider settings
     * @param fallback the value when unset, for a default that depends on the context (taken as it
     *     is, not checked)
     * @return the value set, parsed and checked, or {@code fallback}
     * @throws InvalidConfigException naming the key, the value and what is allowed
     */
    public T read(Options options, T fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return find(options).orElse(fallback);
    }

    /**
     * @param options the provider settings
     * @return the value, parsed and checked, when it is set
     * @throws InvalidConfigException naming the key, the value and what is allowed
     */
    public Optional<T> find(Options options) {
        Objects.requireNonNull(options, "options");
        Optional<String> raw = options.get(key);
        return raw.isEmpty() ? Optional.empty() : Optional.of(parse(raw.get()));
    }

    private T parse(String raw) {
        T value;
        try {
            value = parser.parse(raw);
        } catch (InvalidConfigException e) {
            if (allowed == null) {
                throw e;
            }
            throw new InvalidConfigException(key, shown(raw), allowed);
        }
        try {
            return Objects.requireNonNull(check.apply(value), "the check of option " + key + " returned null");
        } catch (IllegalArgumentException e) {
            String words = e.getMessage() == null || e.getMessage().isBlank() ? rangeText : e.getMessage();
            throw new InvalidConfigException(key, shown(raw), words);
        }
    }

    private String shown(String raw) {
        return quoted ? "'" + raw + "'" : raw;
    }

    // ---------------------------------------------------------------------------------------------
    // what a generator renders

    /** @return the full key, such as {@code transport.udp.packet-budget} */
    public String key() {
        return key;
    }

    /** @return the key up to its last dot, such as {@code transport.udp}: the namespace it belongs to */
    public String prefix() {
        return key.substring(0, key.lastIndexOf('.'));
    }

    /**
     * @return the type, in a word: {@code integer}, {@code bytes}, {@code decimal}, {@code boolean},
     *     {@code duration}, {@code text}, {@code choice} or {@code list}
     */
    public String typeName() {
        return typeName;
    }

    /** @return the value used when the option is unset; empty when the reading code decides */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** @return the default as the documentation shows it, such as {@code 2s}, {@code 4194304 (4 MiB)} or {@code none} */
    public String defaultText() {
        return defaultText;
    }

    /** @return what is allowed, as the documentation shows it, such as {@code 10ms to 60s} or {@code true or false} */
    public String rangeText() {
        return rangeText;
    }

    /** @return one line of documentation: what the value means */
    public String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return "Option[" + key + ": " + typeName + ", default " + defaultText + ", " + rangeText + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // parsing, shared with Options so that both say the same words

    static long wholeNumber(String key, String raw, long min, long max) {
        String words = "a whole number from " + min + " to " + max;
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, raw, words);
        }
        if (value < min || value > max) {
            throw new InvalidConfigException(key, raw, words);
        }
        return value;
    }

    static double decimalNumber(String key, String raw, double min, double max) {
        String words = "a number from " + decimalText(min) + " to " + decimalText(max);
        String trimmed = raw.trim();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new InvalidConfigException(key, raw, words);
        }
        double value = Double.parseDouble(trimmed);
        if (!(value >= min && value <= max)) {
            throw new InvalidConfigException(key, raw, words);
        }
        return value;
    }

    static boolean booleanValue(String key, String raw) {
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidConfigException(key, raw, "true or false");
        }
    }

    static Duration durationValue(String key, String raw, Duration min, Duration max) {
        Duration value = Options.parseDuration(key, raw);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidConfigException(key, raw, "a duration from " + Options.format(min) + " to " + Options.format(max));
        }
        return value;
    }

    static List<String> listValue(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /** @return {@code 1} for 1.0, {@code 0.5} for 0.5: no trailing zeros */
    static String decimalText(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** @return the number, with its exact binary unit when it has one: {@code 4194304 (4 MiB)} */
    static String bytesText(long n) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (n >= sizes[i] && n % sizes[i] == 0) {
                return n + " (" + n / sizes[i] + " " + units[i] + ")";
            }
        }
        return Long.toString(n);
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("option key '" + key + "': two or more dot-separated segments of lowercase "
                    + "letters, digits and '-', the first starting with a letter, as transport.udp.packet-budget");
        }
        return key;
    }

    private static String checkDoc(String doc) {
        Objects.requireNonNull(doc, "doc");
        if (doc.isBlank() || doc.indexOf('\n') >= 0 || doc.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the documentation of an option is one non-blank line: '" + doc + "'");
        }
        return doc.strip();
    }

    private static void checkRange(String key, boolean ok, Object defaultValue, Object min, Object max) {
        if (!ok) {
            throw new IllegalArgumentException("option " + key + ": the range " + min + " to " + max
                    + " must not be empty and must hold the default " + defaultValue);
        }
    }

    private static void checkDurations(String key, Duration min, Duration max, Duration defaultValue) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        checkRange(key, min.compareTo(max) <= 0 && defaultValue.compareTo(min) >= 0 && defaultValue.compareTo(max) <= 0,
                Options.format(defaultValue), Options.format(min), Options.format(max));
    }
}
