package io.chorus.agent;

import io.chorus.api.Option;
import io.chorus.api.spi.EngineProvider;
import java.util.ServiceLoader;

/**
 * The engine's option declarations, for the few options the agent reads itself: it finds them
 * where the engine ({@code io.chorus.core}, always on the agent's module path) declares them, so
 * the key, the default and the range are written once, in the engine.
 */
final class EngineOptions {
    private EngineOptions() {
    }

    /**
     * @param key the full key
     * @param type the type of its value
     * @param <T> the type of its value
     * @return the engine's declaration of that key
     * @throws IllegalStateException if no engine on the path declares it with a default of that type
     */
    static <T> Option<T> declared(String key, Class<T> type) {
        for (EngineProvider engine : ServiceLoader.load(EngineProvider.class, EngineOptions.class.getClassLoader())) {
            for (Option<?> o : engine.options()) {
                if (o.key().equals(key) && o.defaultValue().filter(type::isInstance).isPresent()) {
                    @SuppressWarnings("unchecked") // the default, and so every value read, is of that type
                    Option<T> typed = (Option<T>) o;
                    return typed;
                }
            }
        }
        throw new IllegalStateException("the engine on the module path declares no option " + key + " of type "
                + type.getSimpleName() + ": the agent needs io.chorus:chorus-core of its own version");
    }
}
