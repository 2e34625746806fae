package io.chorus.agent.log;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent module: loggers that write
 * {@code 2026-12-04T13:37:30.123Z WARN  engine: message} to standard error at or above one
 * process-wide level. Found by SLF4J through {@code provides} in the module descriptor.
 */
public final class AgentLogging implements SLF4JServiceProvider {
    private static volatile LogLevel level = LogLevel.INFO;
    private static volatile PrintStream sink = System.err;

    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, LineLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** For ServiceLoader. */
    public AgentLogging() {
    }

    /** @param l the lowest level written from now on */
    public static void setLevel(LogLevel l) {
        level = Objects.requireNonNull(l, "level");
    }

    /** @return the lowest level written */
    public static LogLevel level() {
        return level;
    }

    /** @param out where lines go from now on (standard error by default) */
    public static void setSink(PrintStream out) {
        sink = Objects.requireNonNull(out, "out");
    }

    static boolean enabled(LogLevel l) {
        return l.ordinal() >= level.ordinal() && level != LogLevel.OFF;
    }

    static void write(String line) {
        sink.println(line);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the level is a static field
    }
}
