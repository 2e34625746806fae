package io.chorus.core.assembly;

import io.chorus.api.ProviderException;
import io.chorus.api.spi.Provider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds providers with {@code ServiceLoader.load(kind, loader)}: on the module path from the
 * {@code provides} of named modules, on the class path from {@code META-INF/services}. Each
 * provider's class is read with {@link ServiceLoader.Provider#type()} before it is instantiated,
 * so a provider that fails to load is reported by name; one broken provider fails assembly with a
 * {@link ProviderException} rather than disappearing silently.
 */
final class ServiceLoaderSource implements ProviderSource {
    private final ClassLoader loader;

    /** @param loader the class loader whose modules and class path are searched */
    ServiceLoaderSource(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public <P extends Provider> List<Found<P>> find(Class<P> kind) {
        Objects.requireNonNull(kind, "kind");
        Iterator<ServiceLoader.Provider<P>> providers;
        try {
            providers = ServiceLoader.load(kind, loader).stream().iterator();
        } catch (ServiceConfigurationError e) {
            throw new ProviderException("cannot look up " + kind.getName() + " providers: " + e.getMessage(), e);
        }
        return collect(kind, providers);
    }

    /**
     * Instantiates each provider, one at a time, so a failure names the provider that broke.
     *
     * @param kind the provider interface, for messages
     * @param providers the lazy providers, as {@link ServiceLoader#stream()} hands them out
     * @param <P> the provider kind
     * @return the providers with their origin
     */
    static <P extends Provider> List<Found<P>> collect(Class<P> kind, Iterator<ServiceLoader.Provider<P>> providers) {
        List<Found<P>> found = new ArrayList<>();
        while (true) {
            ServiceLoader.Provider<P> provider;
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // the class could not even be located or linked: the error text names it
                throw new ProviderException("a provider of " + kind.getName() + " failed to load: " + describe(e)
                        + "; fix or remove the module or jar that declares it", e);
            }
            Class<? extends P> type = provider.type();
            String origin = ProviderSource.originOf(type);
            P instance;
            try {
                instance = provider.get();
            } catch (ServiceConfigurationError e) {
                throw new ProviderException("the provider " + type.getName() + " (" + origin + ") of " + kind.getName()
                        + " failed to load: " + describe(e) + "; fix it or remove it from the module path", e);
            }
            found.add(new Found<>(instance, origin));
        }
    }

    /** @return the root cause when the loader wrapped one (a constructor that threw), else the error's own message */
    private static String describe(ServiceConfigurationError e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return e.getMessage();
        }
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
