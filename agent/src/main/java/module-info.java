/**
 * The runnable Chorus node: {@code ./chorus agent}, {@code demo}, {@code members} and
 * {@code simulate}. {@code GET /metrics} serves Micrometer's Prometheus registry, and {@code --jfr}
 * records the JDK's flight recorder.
 *
 * <p>It reads its JSON config with Jackson, serves HTTP on the JDK's built-in server, and logs
 * through Logback, configured in code ({@code --log-level}, {@code --log-format}; one line or one
 * JSON object per event on standard error) so the engine's logs have somewhere to go. Every provider module on the module path is found by
 * ServiceLoader through {@code io.chorus.core}; the agent looks up the engine itself only for the
 * declaration of {@code messaging.max-payload}, which caps the bodies its HTTP endpoint takes.
 *
 * @uses io.chorus.api.spi.EngineProvider
 */
module io.chorus.agent {
    requires io.chorus.api;
    requires io.chorus.core;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires tools.jackson.databind;
    requires jdk.httpserver;
    requires info.picocli;
    requires jdk.jfr;
    requires io.chorus.micrometer;
    requires micrometer.registry.prometheus;
    // the JVM meters of /metrics read these (micrometer-core is an automatic module: nothing resolves them for it)
    requires java.management;
    requires jdk.management;

    uses io.chorus.api.spi.EngineProvider;

    provides ch.qos.logback.classic.spi.Configurator with io.chorus.agent.log.AgentLogging;
}
