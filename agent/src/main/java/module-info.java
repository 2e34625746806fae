/**
 * The runnable Chorus node: {@code ./chorus agent}, {@code demo}, {@code members} and
 * {@code simulate}.
 *
 * <p>It reads its JSON config with Jackson, serves HTTP on the JDK's built-in server, and brings
 * a small SLF4J backend (one line per event on standard error, {@code --log-level}) so the
 * engine's logs have somewhere to go. Every provider module on the module path is found by
 * ServiceLoader through {@code io.chorus.core}; the agent looks up the engine itself only for the
 * declaration of {@code messaging.max-payload}, which caps the bodies its HTTP endpoint takes.
 *
 * @uses io.chorus.api.spi.EngineProvider
 */
module io.chorus.agent {
    requires io.chorus.api;
    requires io.chorus.core;
    requires org.slf4j;
    requires tools.jackson.databind;
    requires jdk.httpserver;

    uses io.chorus.api.spi.EngineProvider;

    provides org.slf4j.spi.SLF4JServiceProvider with io.chorus.agent.log.AgentLogging;
}
