/**
 * The Chorus API: the entry point {@link io.chorus.api.Chorus}, the public value types, and the
 * service-provider interfaces that every Chorus module implements.
 *
 * <p>Two packages for two audiences:
 * <ul>
 *   <li>{@code io.chorus.api}: for applications that run a cluster node;</li>
 *   <li>{@code io.chorus.api.spi}: for modules that provide a transport, discovery, failure
 *       detection, hashing, message signing or the engine itself.</li>
 * </ul>
 *
 * <p>This module depends on {@code java.base} only. The engine ({@code io.chorus:chorus-core}) is
 * found with {@link java.util.ServiceLoader}.
 *
 * @uses io.chorus.api.spi.EngineProvider
 */
module io.chorus.api {
    exports io.chorus.api;
    exports io.chorus.api.spi;

    uses io.chorus.api.spi.EngineProvider;
}
