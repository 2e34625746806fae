/**
 * The agent's small SLF4J backend: one line per event on standard error, level set by
 * {@code --log-level}. Libraries embedding Chorus bring their own SLF4J backend instead.
 */
package io.chorus.agent.log;
