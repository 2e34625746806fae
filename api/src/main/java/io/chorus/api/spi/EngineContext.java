package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ProviderChoice;
import io.chorus.api.Stability;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine is assembled from. A final class built by {@link #builder(ClusterConfig)}, not a
 * record, so that it can gain what later work hands the engine without breaking an engine that
 * reads it or a test that builds it.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class EngineContext {
    private final ClusterConfig config;
    private final boolean autoDiscovery;
    private final List<Provider> providers;
    private final ClassLoader classLoader;
    private final ProviderChoice engineChoice;

    private EngineContext(Builder b) {
        this.config = b.config;
        this.autoDiscovery = b.autoDiscovery;
        this.providers = List.copyOf(b.providers);
        this.classLoader = b.classLoader != null ? b.classLoader : defaultClassLoader();
        this.engineChoice = b.engineChoice;
    }

    /**
     * @param config the node's config
     * @return a builder with auto-discovery on, no provider registered and the default class loader
     */
    public static Builder builder(ClusterConfig config) {
        return new Builder(config);
    }

    /** @return a builder holding this context, to change part of it */
    public Builder toBuilder() {
        Builder b = new Builder(config).autoDiscovery(autoDiscovery).providers(providers).classLoader(classLoader);
        b.engineChoice = engineChoice;
        return b;
    }

    /** @return the node's config */
    public ClusterConfig config() {
        return config;
    }

    /** @return whether to find providers with {@link java.util.ServiceLoader} as well */
    public boolean autoDiscovery() {
        return autoDiscovery;
    }

    /** @return providers registered explicitly, in registration order; they take part in selection like discovered ones */
    public List<Provider> providers() {
        return providers;
    }

    /** @return the class loader used for discovery */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * @return which engine {@link io.chorus.api.Chorus} chose and why, for the engine to report with the
     *     other providers; empty when the context was built without it
     */
    public Optional<ProviderChoice> engineChoice() {
        return Optional.ofNullable(engineChoice);
    }

    @Override
    public String toString() {
        return "EngineContext[" + config.name() + ", autoDiscovery=" + autoDiscovery + ", providers=" + providers + "]";
    }

    /** @return the thread's context class loader, else the one that loaded this api */
    private static ClassLoader defaultClassLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : EngineContext.class.getClassLoader();
    }

    /** Builds an {@link EngineContext}; every setter returns this builder. Not thread-safe. */
    @Stability(Stability.Level.EXPERIMENTAL)
    public static final class Builder {
        private final ClusterConfig config;
        private boolean autoDiscovery = true;
        private final List<Provider> providers = new ArrayList<>();
        private ClassLoader classLoader;
        private ProviderChoice engineChoice;

        private Builder(ClusterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param enabled whether to find providers with {@link java.util.ServiceLoader} as well (default true)
         * @return this
         */
        public Builder autoDiscovery(boolean enabled) {
            this.autoDiscovery = enabled;
            return this;
        }

        /**
         * Registers one more provider.
         *
         * @param provider a provider of any kind
         * @return this
         */
        public Builder provider(Provider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Replaces the providers registered so far.
         *
         * @param providers providers of any kind, in registration order
         * @return this
         */
        public Builder providers(List<? extends Provider> providers) {
            Objects.requireNonNull(providers, "providers");
            List<Provider> copy = new ArrayList<>(providers.size());
            for (Provider p : providers) {
                copy.add(Objects.requireNonNull(p, "providers holds null"));
            }
            this.providers.clear();
            this.providers.addAll(copy);
            return this;
        }

        /**
         * @param loader the class loader for {@link java.util.ServiceLoader}; default: the thread's
         *     context class loader when the context is built, else the one that loaded this api
         * @return this
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        /**
         * @param choice which engine was chosen and why, of kind {@link ProviderChoice.Kind#ENGINE}
         * @return this
         * @throws IllegalArgumentException if the choice is of another kind
         */
        public Builder engineChoice(ProviderChoice choice) {
            Objects.requireNonNull(choice, "engineChoice");
            if (choice.kind() != ProviderChoice.Kind.ENGINE) {
                throw new IllegalArgumentException("the engine choice is of kind ENGINE, not " + choice.kind());
            }
            this.engineChoice = choice;
            return this;
        }

        /** @return the context */
        public EngineContext build() {
            return new EngineContext(this);
        }
    }
}
