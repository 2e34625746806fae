package io.chorus.agent.log;

import java.util.Locale;
import java.util.Optional;

/** What {@code --log-format} accepts: a line of text per event, or a JSON object per line. */
public enum LogFormat {
    /** {@code 2026-12-04T13:37:30.123Z WARN  Engine: message} (the default). */
    TEXT,
    /** One JSON object per line: timestamp, level, logger, thread, message and any throwable. */
    JSON;

    /** What the flag accepts, for error messages. */
    public static final String ALLOWED = "text or json";

    /**
     * @param text a format name, any case
     * @return the format, or empty when the text names none
     */
    public static Optional<LogFormat> parse(String text) {
        for (LogFormat f : values()) {
            if (f.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
