package io.chorus.core.assembly;

import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.ProviderChoice;
import io.chorus.api.ProviderException;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.RingStrategyProvider;
import io.chorus.api.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Assembles a node's providers: finds them, validates them, and selects one per single-choice kind
 * and the discovery providers to use.
 *
 * <p>Rules, each failure a {@link ProviderException} whose message lists the providers concerned
 * as {@code id (fully.qualified.Class, module x.y)}:
 * <ol>
 *   <li>Providers come from explicit registration and, when auto-discovery is on, from
 *       {@link java.util.ServiceLoader} with the context's class loader.</li>
 *   <li>Every id must match {@code [a-z][a-z0-9-]{0,63}}. Within one kind, ids are unique: the
 *       same class found twice counts once, a provider registered explicitly replaces a discovered
 *       one with its id, and two classes that share an id are an error.</li>
 *   <li>Ids in {@link ClusterConfig#excludedProviders()} are removed from every kind.</li>
 *   <li>Single-choice kinds (transport, failure detector, hash function, ring strategy, message
 *       signer): the id named in the config wins (absent: an error naming the artifact that
 *       provides it); else the only provider found; else the one of highest priority. A tie at
 *       the highest priority is an error: load order never decides.</li>
 *   <li>Transport and failure detector are required. Hash function and ring strategy are
 *       optional. Discovery uses every provider found, or exactly those the config names.</li>
 *   <li>With a secret configured a message signer is required; without one no signer is used,
 *       and naming a signer is an {@link InvalidConfigException}.</li>
 *   <li>Each selected provider comes with why it won ({@link ProviderChoice}): named in the
 *       config, the only one found, the highest priority among the candidates listed, the next by
 *       priority (frames), or every one found (discovery).</li>
 *   <li>Every provider found declares a valid api version ({@link Provider#apiVersion()}); one
 *       selected that was built for an api the present one cannot run (a newer one, or another
 *       major version: {@link ApiVersion#runs}) is refused, naming both versions and what to
 *       upgrade.</li>
 *   <li>Every key of the config's options is read through the declarations of the providers
 *       gathered, excluded ones and the engine's included ({@link DeclaredOptions}): a bad value or
 *       an unknown key is an {@link InvalidConfigException}.</li>
 * </ol>
 */
public final class Assembly {
    /**
     * The path Chorus was loaded from, named in advice: "module path" when core runs as a named
     * module, else "class path".
     */
    public static final String PATH = Assembly.class.getModule().isNamed() ? "module path" : "class path";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final String ID_RULE =
            "a provider id is 1 to 64 lowercase letters, digits and '-', starting with a letter";

    private static final Kind<TransportProvider> TRANSPORT =
            new Kind<>(TransportProvider.class, "transport", "transport");
    private static final Kind<DiscoveryProvider> DISCOVERY =
            new Kind<>(DiscoveryProvider.class, "discovery", "discovery");
    private static final Kind<FailureDetectorProvider> FAILURE_DETECTOR =
            new Kind<>(FailureDetectorProvider.class, "failure detector", "failureDetector");
    private static final Kind<HashFunctionProvider> HASH_FUNCTION =
            new Kind<>(HashFunctionProvider.class, "hash function", "hashFunction");
    private static final Kind<RingStrategyProvider> RING_STRATEGY =
            new Kind<>(RingStrategyProvider.class, "ring strategy", "ringStrategy");
    private static final Kind<MessageSignerProvider> SIGNER =
            new Kind<>(MessageSignerProvider.class, "message signer", "signer");
    private static final List<Kind<?>> KINDS =
            List.of(TRANSPORT, DISCOVERY, FAILURE_DETECTOR, HASH_FUNCTION, RING_STRATEGY, SIGNER);

    private static final String CORE = artifact("chorus-core", "io.chorus.core");
    private static final String HASHING = artifact("chorus-hashing", "io.chorus.hashing");
    /** The artifact that provides each id Chorus ships. */
    private static final Map<String, String> KNOWN_IDS = Map.ofEntries(
            Map.entry("udp", artifact("chorus-transport-udp", "io.chorus.transport.udp")),
            Map.entry("tcp", artifact("chorus-transport-tcp", "io.chorus.transport.tcp")),
            Map.entry("static", artifact("chorus-discovery-static", "io.chorus.discovery.fixed")),
            Map.entry("dns", artifact("chorus-discovery-dns", "io.chorus.discovery.dns")),
            Map.entry("xxhash64", HASHING),
            Map.entry("murmur3", HASHING),
            Map.entry("md5", HASHING),
            Map.entry("vnode", HASHING),
            Map.entry("maglev", HASHING),
            Map.entry("rendezvous", HASHING),
            Map.entry("hmac", artifact("chorus-security-hmac", "io.chorus.security.hmac")),
            Map.entry("swim", CORE),
            Map.entry("phi-accrual", CORE),
            Map.entry("heartbeat", CORE));

    static final String NO_TRANSPORT = "no transport provider found: add "
            + KNOWN_IDS.get("udp") + " or " + KNOWN_IDS.get("tcp") + " to the " + PATH;
    static final String NO_FAILURE_DETECTOR = "no failure detector provider found: add " + CORE
            + ", which provides swim, phi-accrual and heartbeat, to the " + PATH;
    static final String NO_SIGNER = "a secret is configured but no message signer is present: add "
            + KNOWN_IDS.get("hmac") + "; the node refuses to start rather than send unsigned traffic";

    private Assembly() {
    }

    /**
     * Assembles the providers for an engine context: those registered explicitly, plus those
     * {@link java.util.ServiceLoader} finds with the context's class loader when auto-discovery is on.
     *
     * @param ctx the config, the explicit providers, the discovery switch and the class loader
     * @return the selected providers
     * @throws ProviderException if a provider fails to load, is invalid, is missing or is ambiguous
     * @throws InvalidConfigException if the config names a signer but has no secret
     */
    public static Assembled assemble(EngineContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        ProviderSource source = ctx.autoDiscovery() ? new ServiceLoaderSource(ctx.classLoader()) : ProviderSource.NONE;
        Assembled assembled = assemble(ctx.config(), ctx.providers(), source);
        if (ctx.engineChoice().isEmpty()) {
            return assembled;
        }
        List<ProviderChoice> choices = new ArrayList<>();
        choices.add(ctx.engineChoice().get());
        choices.addAll(assembled.choices());
        return assembled.withChoices(choices);
    }

    /**
     * Assembles the providers from an explicit list and a source of discovered ones.
     *
     * @param config the node's config
     * @param explicit providers registered explicitly, of any kind
     * @param discovered where discovered providers come from
     * @return the selected providers
     */
    static Assembled assemble(ClusterConfig config, List<Provider> explicit, ProviderSource discovered) {
        Objects.requireNonNull(config, "config");
        List<Provider> registered = List.copyOf(Objects.requireNonNull(explicit, "explicit"));
        Objects.requireNonNull(discovered, "discovered");
        if (config.signer().isPresent() && config.secret().isEmpty()) {
            throw new InvalidConfigException("signer", "'" + config.signer().get() + "'",
                    "a message signer signs with the cluster secret: set a secret, or remove signer");
        }
        checkKinds(registered);
        Selector selector = new Selector(config, registered, discovered);
        Candidates<TransportProvider> transports = selector.candidates(TRANSPORT);
        Candidates<DiscoveryProvider> discoveries = selector.candidates(DISCOVERY);
        Candidates<FailureDetectorProvider> detectors = selector.candidates(FAILURE_DETECTOR);
        Candidates<HashFunctionProvider> hashes = selector.candidates(HASH_FUNCTION);
        Candidates<RingStrategyProvider> rings = selector.candidates(RING_STRATEGY);
        Candidates<MessageSignerProvider> signers = selector.candidates(SIGNER);
        DeclaredOptions.check(config.options(), selector.seen(registered));

        List<ProviderChoice> choices = new ArrayList<>();
        Optional<String> named = config.transport();
        Optional<String> packetsNamed = named.map(t -> t.split("\\+")[0]);
        Chosen<TransportProvider> transport = selector.one(transports, packetsNamed, ProviderChoice.Kind.TRANSPORT)
                .orElseThrow(() -> selector.missing(transports, NO_TRANSPORT));
        choices.add(transport.choice());
        Optional<Chosen<TransportProvider>> frames;
        if (named.isPresent() && named.get().contains("+")) {
            frames = selector.one(transports, Optional.of(named.get().split("\\+")[1]), ProviderChoice.Kind.FRAMES);
        } else if (named.isPresent()) {
            frames = Optional.empty();
        } else {
            // the next by priority (then id) carries frames if the first carries none
            frames = transports.found().stream()
                    .filter(c -> c.provider() != transport.provider())
                    .sorted(BY_PRIORITY)
                    .findFirst()
                    .map(c -> chosen(c, TRANSPORT, ProviderChoice.Kind.FRAMES, ProviderChoice.Reason.NEXT_BY_PRIORITY,
                            "next by priority after " + transport.choice().id() + ", which carries no frames"));
        }
        frames.ifPresent(f -> choices.add(f.choice()));
        List<Chosen<DiscoveryProvider>> discovery = selector.all(discoveries, config.discovery());
        discovery.forEach(d -> choices.add(d.choice()));
        Chosen<FailureDetectorProvider> detector = selector.one(detectors, config.failureDetector(),
                ProviderChoice.Kind.FAILURE_DETECTOR).orElseThrow(() -> selector.missing(detectors, NO_FAILURE_DETECTOR));
        choices.add(detector.choice());
        Optional<Chosen<HashFunctionProvider>> hash = selector.one(hashes, config.hashFunction(),
                ProviderChoice.Kind.HASH_FUNCTION);
        hash.ifPresent(h -> choices.add(h.choice()));
        Optional<Chosen<RingStrategyProvider>> ring = selector.one(rings, config.ringStrategy(),
                ProviderChoice.Kind.RING_STRATEGY);
        ring.ifPresent(r -> choices.add(r.choice()));
        Optional<Chosen<MessageSignerProvider>> signer = Optional.empty();
        if (config.secret().isPresent()) {
            signer = Optional.of(selector.one(signers, config.signer(), ProviderChoice.Kind.MESSAGE_SIGNER)
                    .orElseThrow(() -> selector.missing(signers, NO_SIGNER)));
            choices.add(signer.get().choice());
        }
        return new Assembled(transport.provider(), frames.map(Chosen::provider),
                discovery.stream().map(Chosen::provider).collect(Collectors.toUnmodifiableList()), detector.provider(),
                hash.map(Chosen::provider), ring.map(Chosen::provider), signer.map(Chosen::provider), choices);
    }

    /** Every provider registered explicitly must be of some kind, or the engine itself. */
    private static void checkKinds(List<Provider> registered) {
        for (Provider p : registered) {
            boolean known = p instanceof EngineProvider || KINDS.stream().anyMatch(k -> k.type().isInstance(p));
            if (!known) {
                throw new ProviderException("the provider " + p.getClass().getName() + " ("
                        + ProviderSource.originOf(p.getClass()) + ") registered explicitly implements no provider kind: "
                        + "implement one of " + KINDS.stream().map(k -> k.type().getName()).collect(Collectors.joining(", ")));
            }
        }
    }

    private static String artifact(String artifactId, String module) {
        return "io.chorus:" + artifactId + " (module " + module + ")";
    }

    /** One SPI kind: its interface, its name in messages, and the config field that names an id. */
    private record Kind<P extends Provider>(Class<P> type, String label, String field) {
    }

    /** Highest priority first, then by id: the order candidates are listed and standbys are taken in. */
    private static final Comparator<Candidate<?>> BY_PRIORITY =
            Comparator.comparingInt((Candidate<?> c) -> c.priority()).reversed().thenComparing(Candidate::id);

    /**
     * @return the provider with why it won, when the api present runs what it was built for
     * @throws ProviderException naming it, its class and origin, both api versions and what to do
     */
    private static <P extends Provider> Chosen<P> chosen(Candidate<P> c, Kind<P> kind, ProviderChoice.Kind use,
            ProviderChoice.Reason reason, String explanation) {
        ApiVersion present = ApiVersion.present();
        if (present.runs(c.builtFor())) {
            return new Chosen<>(c.provider(), ProviderChoice.of(use, c.id(), c.className(), c.origin(), reason, explanation));
        }
        String what = "the " + kind.label() + " provider '" + c.id() + "' (" + c.className() + ", " + c.origin()
                + ") was built for Chorus api " + c.builtFor();
        if (c.builtFor().compareTo(present) > 0) {
            throw new ProviderException(what + ", newer than the api present (" + present + ", io.chorus:chorus-api): "
                    + "upgrade io.chorus:chorus-api and io.chorus:chorus-core to a release of api " + c.builtFor()
                    + " or later, or use a release of this provider built for api " + present + " or earlier");
        }
        throw new ProviderException(what + ", an older major version than the api present (" + present
                + ", io.chorus:chorus-api), which it may not run on: use a release of this provider built for api "
                + present.major() + ".x");
    }

    /** A selected provider and why it won. */
    private record Chosen<P extends Provider>(P provider, ProviderChoice choice) {
    }

    /** A provider with its id, priority and api version read once, so a misbehaving provider is called only here. */
    private record Candidate<P extends Provider>(P provider, String id, int priority, ApiVersion builtFor, String origin,
            boolean explicit) {
        String className() {
            return provider.getClass().getName();
        }

        @Override
        public String toString() {
            return id + " (" + className() + ", " + origin + ")";
        }
    }

    /**
     * The valid, de-duplicated providers of one kind that survived exclusion, sorted by id.
     *
     * @param excluded the ids the config excluded that matched a provider of this kind, sorted
     */
    private record Candidates<P extends Provider>(Kind<P> kind, List<Candidate<P>> found, List<String> excluded) {
        Optional<Candidate<P>> byId(String id) {
            return found.stream().filter(c -> c.id().equals(id)).findFirst();
        }
    }

    /** Applies the rules to one config, one explicit list and one source. */
    private static final class Selector {
        private final ClusterConfig config;
        private final List<Provider> registered;
        private final ProviderSource source;
        /** Every provider gathered so far, of every kind, before exclusion. */
        private final List<Provider> seen = new ArrayList<>();

        Selector(ClusterConfig config, List<Provider> registered, ProviderSource source) {
            this.config = config;
            this.registered = registered;
            this.source = source;
        }

        /** Gathers, validates, excludes and de-duplicates the providers of one kind. */
        <P extends Provider> Candidates<P> candidates(Kind<P> kind) {
            List<Candidate<P>> all = new ArrayList<>();
            for (Provider p : registered) {
                if (kind.type().isInstance(p)) {
                    P provider = kind.type().cast(p);
                    all.add(candidate(kind, provider, ProviderSource.originOf(provider.getClass()), true));
                }
            }
            for (Found<P> f : source.find(kind.type())) {
                all.add(candidate(kind, f.provider(), f.origin(), false));
            }
            all.forEach(c -> seen.add(c.provider()));
            Set<String> excluded = new TreeSet<>();
            Map<String, Candidate<P>> byId = new LinkedHashMap<>();
            for (Candidate<P> c : all) {
                if (config.excludedProviders().contains(c.id())) {
                    excluded.add(c.id());
                    continue;
                }
                Candidate<P> first = byId.get(c.id());
                if (first == null) {
                    byId.put(c.id(), c);
                } else if (first.className().equals(c.className()) || (first.explicit() && !c.explicit())) {
                    // the same class seen twice, or a registered provider that replaces a discovered one
                    continue;
                } else {
                    String advice = first.explicit()
                            ? "register only one of them"
                            : "remove one of them from the " + PATH + ", or register the one to use explicitly";
                    throw new ProviderException("two " + kind.label() + " providers have the id '" + c.id() + "'; "
                            + advice + ":" + lines(List.of(first, c)));
                }
            }
            List<Candidate<P>> found = new ArrayList<>(byId.values());
            found.sort(Comparator.comparing(Candidate::id));
            return new Candidates<>(kind, List.copyOf(found), List.copyOf(excluded));
        }

        private static <P extends Provider> Candidate<P> candidate(Kind<P> kind, P provider, String origin, boolean explicit) {
            String where = "the " + kind.label() + " provider " + provider.getClass().getName() + " (" + origin + ")";
            String id;
            int priority;
            try {
                id = provider.id();
                priority = provider.priority();
            } catch (RuntimeException e) {
                throw new ProviderException(where + " failed to report its id or priority: " + e, e);
            }
            if (id == null) {
                throw new ProviderException(where + " has no id (id() returned null): " + ID_RULE);
            }
            if (id.isBlank()) {
                throw new ProviderException(where + " has a blank id '" + id + "': " + ID_RULE);
            }
            if (!ID.matcher(id).matches()) {
                throw new ProviderException(where + " has an invalid id '" + id + "': " + ID_RULE);
            }
            ApiVersion builtFor;
            try {
                builtFor = ApiVersion.parse(Objects.requireNonNull(provider.apiVersion(), "apiVersion() returned null"));
            } catch (RuntimeException e) {
                throw new ProviderException(where + " declares no valid api version: " + e.getMessage()
                        + "; a provider returns ApiVersion.CURRENT from apiVersion(), or does not override it", e);
            }
            return new Candidate<>(provider, id, priority, builtFor, origin, explicit);
        }

        /** @return the providers registered explicitly (the engine among them) and every one gathered, excluded ones too */
        List<Provider> seen(List<Provider> registered) {
            List<Provider> all = new ArrayList<>(registered);
            all.addAll(seen);
            return all;
        }

        /**
         * Selects one provider of a single-choice kind.
         *
         * @return the provider named in the config, else the only one, else the one of highest
         *     priority; empty when none was found and none was named
         */
        <P extends Provider> Optional<Chosen<P>> one(Candidates<P> candidates, Optional<String> named, ProviderChoice.Kind use) {
            if (named.isPresent()) {
                String shown = use == ProviderChoice.Kind.TRANSPORT || use == ProviderChoice.Kind.FRAMES
                        ? config.transport().orElseThrow() : named.get();
                return Optional.of(named(candidates, named.get(), use,
                        "named in the config (" + candidates.kind().field() + " = " + shown + ")"));
            }
            List<Candidate<P>> found = candidates.found();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            if (found.size() == 1) {
                return Optional.of(chosen(found.get(0), candidates.kind(), use, ProviderChoice.Reason.ONLY_ONE,
                        "the only one found"));
            }
            int top = found.stream().mapToInt(Candidate::priority).max().getAsInt();
            List<Candidate<P>> best = found.stream().filter(c -> c.priority() == top).collect(Collectors.toList());
            if (best.size() > 1) {
                Kind<P> kind = candidates.kind();
                throw new ProviderException(best.size() + " " + kind.label() + " providers share the highest priority "
                        + top + "; name one in the config (" + kind.field() + ") or exclude the others (excludedProviders):"
                        + lines(best));
            }
            String among = found.stream().sorted(BY_PRIORITY).map(c -> c.id() + " " + c.priority())
                    .collect(Collectors.joining(", "));
            return Optional.of(chosen(best.get(0), candidates.kind(), use, ProviderChoice.Reason.HIGHEST_PRIORITY,
                    "highest priority " + top + " among " + among));
        }

        /** @return the providers the config names, in its order, or every one found, by priority then id */
        <P extends Provider> List<Chosen<P>> all(Candidates<P> candidates, List<String> named) {
            if (!named.isEmpty()) {
                String why = "named in the config (" + candidates.kind().field() + " = " + String.join(", ", named) + ")";
                return named.stream().distinct().map(id -> named(candidates, id, ProviderChoice.Kind.DISCOVERY, why))
                        .collect(Collectors.toUnmodifiableList());
            }
            return candidates.found().stream()
                    .sorted(BY_PRIORITY)
                    .map(c -> chosen(c, candidates.kind(), ProviderChoice.Kind.DISCOVERY,
                            ProviderChoice.Reason.EVERY_ONE_FOUND, "every one found"))
                    .collect(Collectors.toUnmodifiableList());
        }

        private <P extends Provider> Chosen<P> named(Candidates<P> candidates, String id, ProviderChoice.Kind use,
                String explanation) {
            Kind<P> kind = candidates.kind();
            if (config.excludedProviders().contains(id)) {
                throw new ProviderException("the config names " + kind.label() + " provider '" + id + "' ("
                        + kind.field() + ") and also excludes it (excludedProviders): remove one of the two");
            }
            Optional<Candidate<P>> match = candidates.byId(id);
            if (match.isPresent()) {
                return chosen(match.get(), kind, use, ProviderChoice.Reason.NAMED, explanation);
            }
            String known = KNOWN_IDS.get(id);
            String advice = known != null
                    ? "add " + known + " to the " + PATH
                    : "no Chorus artifact provides '" + id + "': add the module that does to the " + PATH + ", "
                            + "or name one of those found";
            throw new ProviderException(kind.label() + " provider '" + id + "' named in the config (" + kind.field()
                    + ") is not present; " + advice + discoveryOff() + ". Found" + listing(candidates.found()));
        }

        /** @return the error for a required kind with nothing found, with why when the config or the setup explains it */
        ProviderException missing(Candidates<?> candidates, String message) {
            String excluded = candidates.excluded().isEmpty() ? ""
                    : "; excluded by the config (excludedProviders): " + String.join(", ", candidates.excluded());
            return new ProviderException(message + excluded + discoveryOff());
        }

        private String discoveryOff() {
            return source.automatic() ? "" : "; auto-discovery is off: register one explicitly, or switch auto-discovery on";
        }

        private static String listing(List<? extends Candidate<?>> candidates) {
            return candidates.isEmpty() ? ": none" : ":" + lines(candidates);
        }

        private static String lines(List<? extends Candidate<?>> candidates) {
            StringBuilder sb = new StringBuilder();
            for (Candidate<?> c : candidates) {
                sb.append("\n  - ").append(c);
            }
            return sb.toString();
        }
    }
}
