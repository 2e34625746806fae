package io.chorus.agent.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The agent's Logback set-up, in code: Logback finds this {@link Configurator} through
 * {@code provides} in the module descriptor and it installs one appender that writes every event
 * at or above one process-wide level to standard error, as a line of text
 * ({@code 2026-12-04T13:37:30.123Z WARN  Engine: message}, the stack trace below) or as one JSON
 * object per line. {@code --log-level} and {@code --log-format} change both while the agent runs.
 *
 * <p>With {@code -Dlogback.configurationFile=FILE} (in {@code JAVA_OPTS}) Logback reads that file
 * instead; {@code --log-level} then still sets the root level, and {@code --log-format} is the file's
 * business.
 */
public final class AgentLogging extends ContextAwareBase implements Configurator {
    /** The name of the appender this installs. */
    static final String APPENDER = "chorus-stderr";
    /** The text layout: UTC time to the millisecond, the level, the logger's simple name, the message. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0}: %msg%n";

    private static volatile LogLevel level = LogLevel.INFO;
    private static volatile LogFormat format = LogFormat.TEXT;
    /** Where lines go; null: standard error as it is when a line is written. */
    private static volatile PrintStream sink;

    /** For Logback's ServiceLoader. */
    public AgentLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.NEUTRAL; // the operator's own file wins
        }
        install(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** @param l the lowest level written from now on */
    public static void setLevel(LogLevel l) {
        level = Objects.requireNonNull(l, "level");
        context().ifPresent(c -> c.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(logback(l)));
    }

    /** @return the lowest level written */
    public static LogLevel level() {
        return level;
    }

    /** @param f how events are written from now on */
    public static void setFormat(LogFormat f) {
        LogFormat before = format;
        format = Objects.requireNonNull(f, "format");
        if (before != f) {
            context().filter(AgentLogging::installed).ifPresent(AgentLogging::install);
        }
    }

    /** @return how events are written */
    public static LogFormat format() {
        return format;
    }

    /** @param out where lines go from now on (standard error by default) */
    public static void setSink(PrintStream out) {
        sink = Objects.requireNonNull(out, "out");
    }

    /** Sends lines to standard error again, as it is when each line is written. */
    public static void resetSink() {
        sink = null;
    }

    private static java.util.Optional<LoggerContext> context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext c ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    private static boolean installed(LoggerContext context) {
        return context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER) != null;
    }

    private static synchronized void install(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> old = root.getAppender(APPENDER);
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName(APPENDER);
        appender.setContext(context);
        appender.setEncoder(encoder(context, format));
        appender.setOutputStream(new SinkStream());
        appender.start();
        root.addAppender(appender);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
        root.setLevel(logback(level));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat f) {
        if (f == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMarkers(false);
            json.setWithMDC(false);
            json.setWithKVPList(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
    }

    private static Level logback(LogLevel l) {
        return switch (l) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            case ERROR -> Level.ERROR;
            case OFF -> Level.OFF;
        };
    }

    /** Writes to the sink of the moment, so the sink can change under a running appender. */
    private static final class SinkStream extends OutputStream {
        private static PrintStream target() {
            PrintStream s = sink;
            return s != null ? s : System.err;
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        @Override
        public void close() {
            // standard error outlives any appender
        }
    }
}
