package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.AgentLogging;
import io.chorus.agent.log.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's SLF4J backend: found on the module path, one line per event, filtered by level. */
class AgentLoggingTest {
    @AfterEach
    void restore() {
        AgentLogging.setLevel(LogLevel.INFO);
        AgentLogging.setSink(System.err);
    }

    @Test
    void linesAtOrAboveTheLevelReachTheSink() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AgentLogging.setSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Logger log = LoggerFactory.getLogger("io.chorus.core.engine.Engine");
        assertEquals("io.chorus.agent.log", log.getClass().getPackageName(), "SLF4J bound the agent's backend");
        AgentLogging.setLevel(LogLevel.WARN);
        log.info("not shown {}", 1);
        log.warn("shown {} of {}", 1, 2);
        log.error("failed", new IllegalStateException("boom"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!text.contains("not shown"), text);
        assertTrue(text.matches("(?s)\\S+Z WARN  Engine: shown 1 of 2\\R\\S+Z ERROR Engine: failed\\R"
                + "java.lang.IllegalStateException: boom\\R.*"), text);
        AgentLogging.setLevel(LogLevel.OFF);
        log.error("silent");
        assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("silent"));
        assertEquals(LogLevel.DEBUG, LogLevel.parse(" Debug ").orElseThrow());
        assertTrue(LogLevel.parse("loud").isEmpty());
    }
}
