package io.chorus.api;

import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.Provider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The entry point. {@link #create(ClusterConfig)} finds the engine ({@code chorus-core}) and every
 * provider on the module path with {@link ServiceLoader}; {@link #builder(ClusterConfig)} lets you
 * pass providers in and switch discovery off.
 *
 * <pre>{@code
 * try (Cluster node = Chorus.create(config).start()) {
 *     node.join(List.of(Address.parse("10.0.0.1:7946")));
 *     node.subscribe(event -> System.out.println(event));
 * }
 * }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class Chorus {
    /** The artifact that provides the engine. */
    public static final String ENGINE_ARTIFACT = "io.chorus:chorus-core (module io.chorus.core)";

    private Chorus() {
    }

    /**
     * Creates a node from what is on the module path (or class path).
     *
     * @param config the node's config
     * @return the node, not yet started
     * @throws ProviderException if the engine or a required provider is missing or ambiguous
     */
    public static Cluster create(ClusterConfig config) {
        return builder(config).build();
    }

    /**
     * @param config the node's config
     * @return a builder to register providers explicitly
     */
    public static Builder builder(ClusterConfig config) {
        return new Builder(config);
    }

    /** Assembles a node; every setter returns this builder. */
    @Stability(Stability.Level.STABLE)
    public static final class Builder {
        private final ClusterConfig config;
        private final List<Provider> providers = new ArrayList<>();
        private boolean autoDiscovery = true;
        private ClassLoader classLoader;

        private Builder(ClusterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param enabled false to use only the providers registered here (the engine is still
         *     found by ServiceLoader unless an {@link EngineProvider} is registered)
         * @return this
         */
        public Builder autoDiscovery(boolean enabled) {
            this.autoDiscovery = enabled;
            return this;
        }

        /**
         * Registers a provider of any kind; it takes part in selection like a discovered one.
         *
         * @param provider the provider
         * @return this
         */
        public Builder provider(Provider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * @param loader the class loader for ServiceLoader; default: the thread's context class
         *     loader, else the one that loaded this API
         * @return this
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * @return the node, not yet started
         * @throws ProviderException if the engine or a required provider is missing or ambiguous
         */
        public Cluster build() {
            ClassLoader loader = classLoader != null ? classLoader : defaultLoader();
            List<EngineProvider> engines = findEngines(loader);
            EngineProvider engine = engines.get(0);
            checkApiVersion(engine);
            EngineContext context = EngineContext.builder(config).autoDiscovery(autoDiscovery).providers(providers)
                    .classLoader(loader).engineChoice(choice(engine, engines)).build();
            return engine.create(context);
        }

        /**
         * @return the engines registered, else those ServiceLoader finds, by priority (highest first,
         *     and alone at the top) then id
         */
        private List<EngineProvider> findEngines(ClassLoader loader) {
            List<EngineProvider> engines = new ArrayList<>();
            for (Provider p : providers) {
                if (p instanceof EngineProvider e) {
                    engines.add(e);
                }
            }
            if (engines.isEmpty()) {
                ServiceLoader<EngineProvider> sl = ServiceLoader.load(EngineProvider.class, loader);
                for (ServiceLoader.Provider<EngineProvider> p : (Iterable<ServiceLoader.Provider<EngineProvider>>) sl.stream()::iterator) {
                    try {
                        engines.add(p.get());
                    } catch (ServiceConfigurationError e) {
                        throw new ProviderException("the Chorus engine " + p.type().getName() + " failed to load: " + e.getMessage(), e);
                    }
                }
            }
            if (engines.isEmpty()) {
                throw new ProviderException("no Chorus engine found: add " + ENGINE_ARTIFACT + " to the "
                        + (Chorus.class.getModule().isNamed() ? "module path" : "class path"));
            }
            engines.sort(Comparator.comparingInt(EngineProvider::priority).reversed().thenComparing(EngineProvider::id));
            if (engines.size() > 1 && engines.get(0).priority() == engines.get(1).priority()) {
                StringBuilder sb = new StringBuilder("several Chorus engines of equal priority ")
                        .append(engines.get(0).priority()).append(" found; keep one:");
                for (EngineProvider e : engines) {
                    sb.append("\n  - ").append(e.id()).append(" (").append(e.getClass().getName())
                            .append(", ").append(origin(e.getClass())).append(')');
                }
                throw new ProviderException(sb.toString());
            }
            return engines;
        }

        /** Refuses an engine built for an api this one cannot stand in for: core and api come from one release. */
        private static void checkApiVersion(EngineProvider engine) {
            String what = "the Chorus engine " + engine.id() + " (" + engine.getClass().getName() + ", "
                    + origin(engine.getClass()) + ")";
            ApiVersion builtFor;
            try {
                builtFor = ApiVersion.parse(Objects.requireNonNull(engine.apiVersion(), "apiVersion() returned null"));
            } catch (RuntimeException e) {
                throw new ProviderException(what + " declares no valid api version: " + e.getMessage(), e);
            }
            ApiVersion present = ApiVersion.present();
            if (!present.runs(builtFor)) {
                throw new ProviderException(what + " was built for Chorus api " + builtFor + ", but the api present is "
                        + present + " (io.chorus:chorus-api): use chorus-api and chorus-core of one release, for example "
                        + "by importing io.chorus:chorus-bom");
            }
        }

        /** @return why {@code engine} won among {@code engines}, sorted by priority, highest first */
        private static ProviderChoice choice(EngineProvider engine, List<EngineProvider> engines) {
            ProviderChoice.Reason reason;
            String explanation;
            if (engines.size() == 1) {
                reason = ProviderChoice.Reason.ONLY_ONE;
                explanation = "the only one found";
            } else {
                reason = ProviderChoice.Reason.HIGHEST_PRIORITY;
                StringBuilder sb = new StringBuilder("highest priority ").append(engine.priority()).append(" among ");
                for (int i = 0; i < engines.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(engines.get(i).id()).append(' ').append(engines.get(i).priority());
                }
                explanation = sb.toString();
            }
            return ProviderChoice.of(ProviderChoice.Kind.ENGINE, engine.id(), engine.getClass().getName(),
                    origin(engine.getClass()), reason, explanation);
        }

        private static String origin(Class<?> type) {
            return type.getModule().isNamed() ? "module " + type.getModule().getName() : "class path";
        }

        private static ClassLoader defaultLoader() {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            return tccl != null ? tccl : Chorus.class.getClassLoader();
        }
    }
}
