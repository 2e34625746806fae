package io.chorus.core.assembly;

import io.chorus.api.spi.Provider;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

/** Where discovered providers come from: {@link java.util.ServiceLoader} in production, a list in tests. */
interface ProviderSource {
    /** A source that finds nothing: auto-discovery switched off. */
    ProviderSource NONE = new ProviderSource() {
        @Override
        public <P extends Provider> List<Found<P>> find(Class<P> kind) {
            return List.of();
        }

        @Override
        public boolean automatic() {
            return false;
        }
    };

    /**
     * @param kind the provider interface
     * @param <P> the provider kind
     * @return every provider of that kind found, in no meaningful order
     * @throws io.chorus.api.ProviderException if a provider failed to load
     */
    <P extends Provider> List<Found<P>> find(Class<P> kind);

    /** @return false when this source stands for auto-discovery switched off, so errors can say so */
    default boolean automatic() {
        return true;
    }

    /**
     * @param type a provider class
     * @return {@code module x.y} for a class in a named module, else {@code class path} and the
     *     location of its jar or directory when known
     */
    static String originOf(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed()) {
            return "module " + module.getName();
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return "class path";
        }
        if ("file".equals(location.getProtocol())) {
            try {
                return "class path " + Path.of(location.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a plain file location: show the URL as it is
            }
        }
        return "class path " + location;
    }
}
