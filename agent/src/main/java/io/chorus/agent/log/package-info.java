/**
 * The agent's logging: Logback, configured in code by {@link io.chorus.agent.log.AgentLogging}
 * (one appender to standard error, text or JSON lines, the level from {@code --log-level}).
 * Libraries embedding Chorus bring their own SLF4J backend instead; an operator who wants a Logback
 * file of their own names it with {@code -Dlogback.configurationFile=FILE} in {@code JAVA_OPTS}.
 */
package io.chorus.agent.log;
