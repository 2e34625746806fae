package io.chorus.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the Chorus api: {@code MAJOR.MINOR}, the first two numbers of the
 * {@code io.chorus:chorus-api} release it comes from (api 0.1 is every chorus-api 0.1.x). A patch
 * release never changes the api. Within a major version the api only grows (see
 * {@link Stability}), so a provider built for api {@code M.n} runs on api {@code M.m} for every
 * {@code m >= n}; one built for a newer minor version may call what an older api lacks, and one
 * built for another major version may rely on what changed. The node refuses both (see
 * {@link io.chorus.api.spi.Provider#apiVersion()}).
 *
 * @param major the major version, at least 0
 * @param minor the minor version, at least 0
 */
@Stability(Stability.Level.STABLE)
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /**
     * This api's version as text. A compile-time constant: code that reads it gets, in its class
     * file, the value of the api it was compiled against (JLS 13.1), which is how a provider records
     * the api it was built for (see {@link io.chorus.api.spi.Provider#apiVersion()}). Code that
     * wants the api present at run time calls {@link #present()}.
     */
    public static final String CURRENT = "0.1";

    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");
    private static final ApiVersion PRESENT = parse(CURRENT);

    /** Checks the components. */
    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("an api version is two numbers of at least 0, not " + major + "." + minor);
        }
    }

    /** @return the version of the api present at run time */
    public static ApiVersion present() {
        return PRESENT;
    }

    /**
     * @param text {@code MAJOR.MINOR}, as {@link #CURRENT}
     * @return the version
     * @throws IllegalArgumentException naming the text when it is not two numbers joined by a dot
     */
    public static ApiVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an api version: MAJOR.MINOR, such as " + CURRENT);
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * @param builtFor the api version a provider was built for
     * @return whether it runs on this api: the same major version, and a minor version no newer
     */
    public boolean runs(ApiVersion builtFor) {
        Objects.requireNonNull(builtFor, "builtFor");
        return builtFor.major == major && builtFor.minor <= minor;
    }

    @Override
    public int compareTo(ApiVersion other) {
        int c = Integer.compare(major, other.major);
        return c != 0 ? c : Integer.compare(minor, other.minor);
    }

    /** @return {@code MAJOR.MINOR} */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
