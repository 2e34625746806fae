package io.chorus.agent.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One logger of {@link AgentLogging}: formats the message and writes one line (and a stack trace). */
final class LineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final String shortName;

    LineLogger(String name) {
        this.name = name;
        int dot = name.lastIndexOf('.');
        this.shortName = dot >= 0 ? name.substring(dot + 1) : name;
    }

    @Override
    public boolean isTraceEnabled() {
        return AgentLogging.enabled(LogLevel.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return AgentLogging.enabled(LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return AgentLogging.enabled(LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return AgentLogging.enabled(LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return AgentLogging.enabled(LogLevel.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        StringBuilder line = new StringBuilder(96)
                .append(Instant.now()).append(' ')
                .append(String.format("%-5s", level.name())).append(' ')
                .append(shortName).append(": ")
                .append(MessageFormatter.basicArrayFormat(pattern, args));
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        AgentLogging.write(line.toString());
    }
}
