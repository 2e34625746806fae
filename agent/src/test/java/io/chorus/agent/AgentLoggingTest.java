package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.AgentLogging;
import io.chorus.agent.log.LogFormat;
import io.chorus.agent.log.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The agent's logging: Logback, set up in code, one line (or JSON object) per event, filtered by level. */
class AgentLoggingTest {
    @AfterEach
    void restore() {
        AgentLogging.setLevel(LogLevel.INFO);
        AgentLogging.setFormat(LogFormat.TEXT);
        AgentLogging.resetSink();
    }

    @Test
    void linesAtOrAboveTheLevelReachTheSink() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AgentLogging.setSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Logger log = LoggerFactory.getLogger("io.chorus.core.engine.Engine");
        assertEquals("ch.qos.logback.classic", log.getClass().getPackageName(), "SLF4J bound Logback");
        AgentLogging.setLevel(LogLevel.WARN);
        log.info("not shown {}", 1);
        log.warn("shown {} of {}", 1, 2);
        log.error("failed", new IllegalStateException("boom"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("not shown"), text);
        assertTrue(text.matches("(?s)\\S+Z WARN  Engine: shown 1 of 2\\R\\S+Z ERROR Engine: failed\\R"
                + "java.lang.IllegalStateException: boom\\R.*"), text);
        AgentLogging.setLevel(LogLevel.OFF);
        log.error("silent");
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("silent"));
        assertEquals(LogLevel.DEBUG, LogLevel.parse(" Debug ").orElseThrow());
        assertTrue(LogLevel.parse("loud").isEmpty());
    }

    @Test
    void theJsonFormatWritesOneObjectPerLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AgentLogging.setSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        AgentLogging.setFormat(LogFormat.JSON);
        Logger log = LoggerFactory.getLogger("io.chorus.core.engine.Engine");
        log.warn("a \"quoted\" {}", "word");
        log.info("two");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(2, lines.length, String.join("\n", lines));
        JsonNode first = Json.MAPPER.readTree(lines[0]);
        assertEquals("WARN", first.path("level").asString());
        assertEquals("io.chorus.core.engine.Engine", first.path("loggerName").asString());
        assertEquals("a \"quoted\" word", first.path("formattedMessage").asString());
        assertTrue(first.path("timestamp").asLong() > 0, lines[0]);
        assertEquals("two", Json.MAPPER.readTree(lines[1]).path("formattedMessage").asString());
        assertEquals(LogFormat.JSON, LogFormat.parse("JSON").orElseThrow());
        assertTrue(LogFormat.parse("xml").isEmpty());
    }
}
