package io.chorus.agent.log;

import java.util.Locale;
import java.util.Optional;

/** The levels {@code --log-level} accepts, from the most to the least verbose, and {@code off}. */
public enum LogLevel {
    /** Everything. */
    TRACE,
    /** Diagnostics. */
    DEBUG,
    /** Lifecycle: start, join, leave (the default). */
    INFO,
    /** Something went wrong and was handled. */
    WARN,
    /** Something failed. */
    ERROR,
    /** Nothing. */
    OFF;

    /** What the flag accepts, for error messages. */
    public static final String ALLOWED = "trace, debug, info, warn, error or off";

    /**
     * @param text a level name, any case
     * @return the level, or empty when the text names none
     */
    public static Optional<LogLevel> parse(String text) {
        for (LogLevel l : values()) {
            if (l.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
