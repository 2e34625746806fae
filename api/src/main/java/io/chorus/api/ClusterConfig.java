package io.chorus.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of one node: who it is, where it listens, which providers it uses, and its
 * protocol timing. Immutable; build one with {@link #builder(String)} and a {@link Profile}.
 * Every field is checked by {@link Builder#build()}; a bad value throws
 * {@link InvalidConfigException} that names the field, the value and the allowed range.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder("web-1")
 *         .profile(Profile.LAN)
 *         .bind("10.0.0.5", 7946)
 *         .tag("role", "web")
 *         .build();
 * }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class ClusterConfig {
    /** The default port, the one memberlist and Serf use. */
    public static final int DEFAULT_PORT = 7946;
    /** The largest total size of a node's tags, encoded (keys and values in UTF-8). */
    public static final int MAX_TAG_BYTES = 512;
    /** The longest tag key. */
    public static final int MAX_TAG_KEY_LENGTH = 64;
    /** The longest cluster label, in bytes of UTF-8. */
    public static final int MAX_LABEL_BYTES = 128;

    private final String name;
    private final String bindHost;
    private final int bindPort;
    private final Optional<String> advertiseHost;
    private final int advertisePort;
    private final List<String> seeds;
    private final Map<String, String> tags;
    private final Profile profile;
    private final Duration probeInterval;
    private final Duration probeTimeout;
    private final int indirectChecks;
    private final int suspicionMultiplier;
    private final int suspicionMaxMultiplier;
    private final Duration gossipInterval;
    private final int gossipFanout;
    private final int retransmitMultiplier;
    private final Duration pushPullInterval;
    private final Duration joinTimeout;
    private final Duration leaveTimeout;
    private final Duration reconnectInterval;
    private final Duration reconnectMaxInterval;
    private final Duration deadRetention;
    private final int awarenessMaxMultiplier;
    private final Optional<String> transport;
    private final List<String> discovery;
    private final Optional<String> failureDetector;
    private final Optional<String> hashFunction;
    private final Optional<String> ringStrategy;
    private final Optional<String> signer;
    private final Set<String> excludedProviders;
    private final Optional<Secret> secret;
    private final Optional<String> label;
    private final Encryption encryption;
    private final Options options;

    private ClusterConfig(Builder b) {
        this.name = b.name;
        this.bindHost = b.bindHost;
        this.bindPort = b.bindPort;
        this.advertiseHost = Optional.ofNullable(b.advertiseHost);
        this.advertisePort = b.advertisePort;
        this.seeds = List.copyOf(b.seeds);
        this.tags = Map.copyOf(b.tags);
        this.profile = b.profile;
        this.probeInterval = b.probeInterval;
        this.probeTimeout = b.probeTimeout;
        this.indirectChecks = b.indirectChecks;
        this.suspicionMultiplier = b.suspicionMultiplier;
        this.suspicionMaxMultiplier = b.suspicionMaxMultiplier;
        this.gossipInterval = b.gossipInterval;
        this.gossipFanout = b.gossipFanout;
        this.retransmitMultiplier = b.retransmitMultiplier;
        this.pushPullInterval = b.pushPullInterval;
        this.joinTimeout = b.joinTimeout;
        this.leaveTimeout = b.leaveTimeout;
        this.reconnectInterval = b.reconnectInterval;
        this.reconnectMaxInterval = b.reconnectMaxInterval;
        this.deadRetention = b.deadRetention;
        this.awarenessMaxMultiplier = b.awarenessMaxMultiplier;
        this.transport = Optional.ofNullable(b.transport);
        this.discovery = List.copyOf(b.discovery);
        this.failureDetector = Optional.ofNullable(b.failureDetector);
        this.hashFunction = Optional.ofNullable(b.hashFunction);
        this.ringStrategy = Optional.ofNullable(b.ringStrategy);
        this.signer = Optional.ofNullable(b.signer);
        this.excludedProviders = Set.copyOf(b.excludedProviders);
        this.secret = Optional.ofNullable(b.secret);
        this.label = Optional.ofNullable(b.label);
        this.encryption = b.encryption;
        this.options = b.options;
    }

    /**
     * @param name the node name (see {@link NodeId} for the rule)
     * @return a builder on the {@link Profile#LAN} profile, bound to {@code 0.0.0.0:7946}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a builder holding every value of this config */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the node name */
    public String name() { return name; }
    /** @return the address to bind; {@code 0.0.0.0} or {@code ::} binds every interface */
    public String bindHost() { return bindHost; }
    /** @return the port to bind; 0 picks a free port */
    public int bindPort() { return bindPort; }
    /** @return the host others should dial, when it differs from the bind host (NAT, containers) */
    public Optional<String> advertiseHost() { return advertiseHost; }
    /** @return the port others should dial; 0 means the bound port */
    public int advertisePort() { return advertisePort; }
    /** @return static seeds, {@code host:port} or {@code name@host:port}, read by static discovery */
    public List<String> seeds() { return seeds; }
    /** @return the node's initial tags */
    public Map<String, String> tags() { return tags; }
    /** @return the profile the timing started from */
    public Profile profile() { return profile; }
    /** @return the protocol period: one probe per period */
    public Duration probeInterval() { return probeInterval; }
    /** @return how long a direct probe waits for its ack before asking others to probe */
    public Duration probeTimeout() { return probeTimeout; }
    /** @return how many members are asked to probe indirectly (k) */
    public int indirectChecks() { return indirectChecks; }
    /** @return the suspicion timeout's base multiplier (alpha): min timeout = alpha x log10(n) x probeInterval */
    public int suspicionMultiplier() { return suspicionMultiplier; }
    /** @return the suspicion timeout's start, as a multiple of its minimum (beta) */
    public int suspicionMaxMultiplier() { return suspicionMaxMultiplier; }
    /** @return how often updates are gossiped to random members */
    public Duration gossipInterval() { return gossipInterval; }
    /** @return how many random members each gossip round reaches */
    public int gossipFanout() { return gossipFanout; }
    /** @return lambda: each update is retransmitted lambda x ceil(log10(n + 1)) times */
    public int retransmitMultiplier() { return retransmitMultiplier; }
    /** @return the base period of full-state push-pull with a random member; zero turns it off */
    public Duration pushPullInterval() { return pushPullInterval; }
    /** @return how long a join keeps trying the seeds */
    public Duration joinTimeout() { return joinTimeout; }
    /** @return how long a leave waits for its announcement to spread */
    public Duration leaveTimeout() { return leaveTimeout; }
    /** @return the first delay between attempts to reach DEAD members and seeds (partition healing) */
    public Duration reconnectInterval() { return reconnectInterval; }
    /** @return the longest delay between those attempts */
    public Duration reconnectMaxInterval() { return reconnectMaxInterval; }
    /** @return how long DEAD and LEFT members are remembered before they are forgotten */
    public Duration deadRetention() { return deadRetention; }
    /** @return the Lifeguard local-health cap: timeouts stretch up to (this + 1) times */
    public int awarenessMaxMultiplier() { return awarenessMaxMultiplier; }
    /**
     * @return the transport: one provider id, or two joined by {@code +} (packets over the first,
     *     frames over the second, as {@code udp+tcp}); empty picks the one of highest priority,
     *     and, when it carries no frames, the next one that does
     */
    public Optional<String> transport() { return transport; }
    /** @return the discovery provider ids to use; empty uses every one found */
    public List<String> discovery() { return discovery; }
    /** @return the failure detector provider id; empty picks the one of highest priority ({@code swim}) */
    public Optional<String> failureDetector() { return failureDetector; }
    /** @return the hash function provider id; empty picks the one of highest priority */
    public Optional<String> hashFunction() { return hashFunction; }
    /** @return the ring strategy provider id; empty picks the one of highest priority */
    public Optional<String> ringStrategy() { return ringStrategy; }
    /** @return the message signer provider id; empty picks the one of highest priority */
    public Optional<String> signer() { return signer; }
    /** @return provider ids never to use, whatever is on the module path */
    public Set<String> excludedProviders() { return excludedProviders; }
    /** @return the cluster secret; when set, every message is signed and checked */
    public Optional<Secret> secret() { return secret; }
    /**
     * The cluster label: every packet and frame carries it, and a node drops (and counts in
     * {@link ClusterStats#rejectedLabel()}) traffic with another label or none, so two clusters on
     * one network never merge by accident. With a secret the label is also mixed into the keys.
     *
     * @return the label; empty for none, which keeps the wire as it was without labels
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public Optional<String> label() { return label; }
    /**
     * @return whether the node starts sealing (encrypting) its traffic or only signing it, and
     *     which it accepts; {@link Encryption#OFF} unless set. Change it at run time with
     *     {@link Cluster#encryption(Encryption)}
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public Encryption encryption() { return encryption; }
    /** @return provider-specific settings */
    public Options options() { return options; }

    @Override
    public String toString() {
        return "ClusterConfig[name=" + name + ", bind=" + Hosts.format(bindHost, bindPort) + ", profile=" + profile
                + ", seeds=" + seeds + ", tags=" + tags + ", secret=" + (secret.isPresent() ? "set" : "none")
                + label.map(l -> ", label=" + l).orElse("") + (encryption == Encryption.OFF ? "" : ", encryption=" + encryption.id())
                + "]";
    }

    /** Builds a {@link ClusterConfig}; every setter returns this builder. Not thread-safe. */
    @Stability(Stability.Level.STABLE)
    public static final class Builder {
        private String name;
        private String bindHost = "0.0.0.0";
        private int bindPort = DEFAULT_PORT;
        private String advertiseHost;
        private int advertisePort;
        private final List<String> seeds = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Profile profile;
        private Duration probeInterval;
        private Duration probeTimeout;
        private int indirectChecks;
        private int suspicionMultiplier;
        private int suspicionMaxMultiplier;
        private Duration gossipInterval;
        private int gossipFanout;
        private int retransmitMultiplier;
        private Duration pushPullInterval;
        private Duration joinTimeout;
        private Duration leaveTimeout;
        private Duration reconnectInterval = Duration.ofSeconds(1);
        private Duration reconnectMaxInterval = Duration.ofSeconds(30);
        private Duration deadRetention = Duration.ofHours(24);
        private int awarenessMaxMultiplier = 8;
        private String transport;
        private final List<String> discovery = new ArrayList<>();
        private String failureDetector;
        private String hashFunction;
        private String ringStrategy;
        private String signer;
        private final Set<String> excludedProviders = new LinkedHashSet<>();
        private Secret secret;
        private String label;
        private Encryption encryption = Encryption.OFF;
        private Options options = Options.empty();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            profile(Profile.LAN);
        }

        private Builder(ClusterConfig c) {
            this.name = c.name;
            this.bindHost = c.bindHost;
            this.bindPort = c.bindPort;
            this.advertiseHost = c.advertiseHost.orElse(null);
            this.advertisePort = c.advertisePort;
            this.seeds.addAll(c.seeds);
            this.tags.putAll(c.tags);
            this.profile = c.profile;
            this.probeInterval = c.probeInterval;
            this.probeTimeout = c.probeTimeout;
            this.indirectChecks = c.indirectChecks;
            this.suspicionMultiplier = c.suspicionMultiplier;
            this.suspicionMaxMultiplier = c.suspicionMaxMultiplier;
            this.gossipInterval = c.gossipInterval;
            this.gossipFanout = c.gossipFanout;
            this.retransmitMultiplier = c.retransmitMultiplier;
            this.pushPullInterval = c.pushPullInterval;
            this.joinTimeout = c.joinTimeout;
            this.leaveTimeout = c.leaveTimeout;
            this.reconnectInterval = c.reconnectInterval;
            this.reconnectMaxInterval = c.reconnectMaxInterval;
            this.deadRetention = c.deadRetention;
            this.awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            this.transport = c.transport.orElse(null);
            this.discovery.addAll(c.discovery);
            this.failureDetector = c.failureDetector.orElse(null);
            this.hashFunction = c.hashFunction.orElse(null);
            this.ringStrategy = c.ringStrategy.orElse(null);
            this.signer = c.signer.orElse(null);
            this.excludedProviders.addAll(c.excludedProviders);
            this.secret = c.secret.orElse(null);
            this.label = c.label.orElse(null);
            this.encryption = c.encryption;
            this.options = c.options;
        }

        /** @param name the node name @return this */
        public Builder name(String name) { this.name = Objects.requireNonNull(name, "name"); return this; }

        /**
         * Sets every timing field from a preset; later setters override single fields.
         *
         * @param profile the preset
         * @return this
         */
        public Builder profile(Profile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.probeInterval = profile.probeInterval;
            this.probeTimeout = profile.probeTimeout;
            this.indirectChecks = profile.indirectChecks;
            this.suspicionMultiplier = profile.suspicionMultiplier;
            this.suspicionMaxMultiplier = profile.suspicionMaxMultiplier;
            this.gossipInterval = profile.gossipInterval;
            this.gossipFanout = profile.gossipFanout;
            this.retransmitMultiplier = profile.retransmitMultiplier;
            this.pushPullInterval = profile.pushPullInterval;
            this.joinTimeout = profile.joinTimeout;
            this.leaveTimeout = profile.leaveTimeout;
            return this;
        }

        /** @param host the address to bind @param port the port, 0 for a free one @return this */
        public Builder bind(String host, int port) {
            this.bindHost = Objects.requireNonNull(host, "host");
            this.bindPort = port;
            return this;
        }

        /** @param host the host others dial @param port the port others dial, 0 for the bound one @return this */
        public Builder advertise(String host, int port) {
            this.advertiseHost = Objects.requireNonNull(host, "host");
            this.advertisePort = port;
            return this;
        }

        /** @param seed a static seed, {@code host:port} or {@code name@host:port}, checked by {@link #build()} @return this */
        public Builder seed(String seed) { seeds.add(Objects.requireNonNull(seed, "seed")); return this; }
        /** @param seeds static seeds, replacing any set before @return this */
        public Builder seeds(List<String> seeds) { this.seeds.clear(); seeds.forEach(this::seed); return this; }
        /** @param key a tag key @param value its value @return this */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "value of tag " + key));
            return this;
        }
        /** @param tags tags, replacing any set before @return this */
        public Builder tags(Map<String, String> tags) { this.tags.clear(); tags.forEach(this::tag); return this; }
        /** @param d the protocol period @return this */
        public Builder probeInterval(Duration d) { this.probeInterval = Objects.requireNonNull(d, "probeInterval"); return this; }
        /** @param d the direct probe timeout @return this */
        public Builder probeTimeout(Duration d) { this.probeTimeout = Objects.requireNonNull(d, "probeTimeout"); return this; }
        /** @param k members asked to probe indirectly @return this */
        public Builder indirectChecks(int k) { this.indirectChecks = k; return this; }
        /** @param alpha the suspicion multiplier @return this */
        public Builder suspicionMultiplier(int alpha) { this.suspicionMultiplier = alpha; return this; }
        /** @param beta the suspicion max multiplier @return this */
        public Builder suspicionMaxMultiplier(int beta) { this.suspicionMaxMultiplier = beta; return this; }
        /** @param d the gossip interval @return this */
        public Builder gossipInterval(Duration d) { this.gossipInterval = Objects.requireNonNull(d, "gossipInterval"); return this; }
        /** @param n members per gossip round @return this */
        public Builder gossipFanout(int n) { this.gossipFanout = n; return this; }
        /** @param lambda the retransmit multiplier @return this */
        public Builder retransmitMultiplier(int lambda) { this.retransmitMultiplier = lambda; return this; }
        /** @param d the push-pull period, zero for none @return this */
        public Builder pushPullInterval(Duration d) { this.pushPullInterval = Objects.requireNonNull(d, "pushPullInterval"); return this; }
        /** @param d the join timeout @return this */
        public Builder joinTimeout(Duration d) { this.joinTimeout = Objects.requireNonNull(d, "joinTimeout"); return this; }
        /** @param d the leave grace period @return this */
        public Builder leaveTimeout(Duration d) { this.leaveTimeout = Objects.requireNonNull(d, "leaveTimeout"); return this; }
        /** @param base first reconnect delay @param max longest reconnect delay @return this */
        public Builder reconnect(Duration base, Duration max) {
            this.reconnectInterval = Objects.requireNonNull(base, "reconnectInterval");
            this.reconnectMaxInterval = Objects.requireNonNull(max, "reconnectMaxInterval");
            return this;
        }
        /** @param d how long DEAD and LEFT members are remembered @return this */
        public Builder deadRetention(Duration d) { this.deadRetention = Objects.requireNonNull(d, "deadRetention"); return this; }
        /** @param max the Lifeguard local-health cap @return this */
        public Builder awarenessMaxMultiplier(int max) { this.awarenessMaxMultiplier = max; return this; }
        /** @param id the transport provider id @return this */
        public Builder transport(String id) { this.transport = Objects.requireNonNull(id, "transport"); return this; }
        /** @param ids discovery provider ids, replacing any set before @return this */
        public Builder discovery(List<String> ids) {
            this.discovery.clear();
            ids.forEach(id -> this.discovery.add(Objects.requireNonNull(id, "discovery id")));
            return this;
        }
        /** @param id the failure detector provider id @return this */
        public Builder failureDetector(String id) { this.failureDetector = Objects.requireNonNull(id, "failureDetector"); return this; }
        /** @param id the hash function provider id @return this */
        public Builder hashFunction(String id) { this.hashFunction = Objects.requireNonNull(id, "hashFunction"); return this; }
        /** @param id the ring strategy provider id @return this */
        public Builder ringStrategy(String id) { this.ringStrategy = Objects.requireNonNull(id, "ringStrategy"); return this; }
        /** @param id the signer provider id @return this */
        public Builder signer(String id) { this.signer = Objects.requireNonNull(id, "signer"); return this; }
        /** @param id a provider id never to use @return this */
        public Builder exclude(String id) { this.excludedProviders.add(Objects.requireNonNull(id, "excluded id")); return this; }
        /** @param secret the cluster secret @return this */
        public Builder secret(Secret secret) { this.secret = Objects.requireNonNull(secret, "secret"); return this; }
        /**
         * @param label the cluster label (see {@link ClusterConfig#label()}): 1 to {@value ClusterConfig#MAX_LABEL_BYTES}
         *     bytes of UTF-8, not blank, checked by {@link #build()}
         * @return this
         */
        @Stability(Stability.Level.EXPERIMENTAL)
        public Builder label(String label) { this.label = Objects.requireNonNull(label, "label"); return this; }
        /**
         * @param encryption the mode the node starts in (see {@link Encryption}); other than
         *     {@link Encryption#OFF} it needs a secret, checked by {@link #build()}
         * @return this
         */
        @Stability(Stability.Level.EXPERIMENTAL)
        public Builder encryption(Encryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }
        /** @param options provider settings, replacing any set before @return this */
        public Builder options(Options options) { this.options = Objects.requireNonNull(options, "options"); return this; }
        /** @param key a provider setting key @param value its value @return this */
        public Builder option(String key, String value) {
            Map<String, String> m = new LinkedHashMap<>(options.asMap());
            m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of option " + key));
            this.options = Options.of(m);
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming the first field that is wrong, its value and the allowed range
         */
        public ClusterConfig build() {
            try {
                NodeId.checkName(name);
            } catch (InvalidNodeIdException e) {
                throw new InvalidConfigException("name", "'" + name + "'", e.getMessage());
            }
            hostField("bindHost", bindHost);
            range("bindPort", bindPort, 0, 65535);
            if (advertiseHost != null) {
                hostField("advertiseHost", advertiseHost);
            }
            range("advertisePort", advertisePort, 0, 65535);
            checkTags(tags);
            for (int i = 0; i < seeds.size(); i++) {
                try {
                    seedAddress(seeds.get(i));
                } catch (InvalidNodeIdException e) {
                    throw new InvalidConfigException("seeds[" + i + "]", "'" + seeds.get(i) + "'", e.getMessage());
                }
            }
            between("probeInterval", probeInterval, Duration.ofMillis(10), Duration.ofSeconds(60));
            if (probeTimeout.compareTo(Duration.ofMillis(1)) < 0 || probeTimeout.compareTo(probeInterval) >= 0) {
                throw new InvalidConfigException("probeTimeout", Options.format(probeTimeout),
                        "allowed 1ms up to, not including, probeInterval (" + Options.format(probeInterval) + ")");
            }
            range("indirectChecks", indirectChecks, 0, 16);
            range("suspicionMultiplier", suspicionMultiplier, 1, 100);
            range("suspicionMaxMultiplier", suspicionMaxMultiplier, 1, 100);
            between("gossipInterval", gossipInterval, Duration.ofMillis(10), Duration.ofSeconds(60));
            range("gossipFanout", gossipFanout, 1, 32);
            range("retransmitMultiplier", retransmitMultiplier, 1, 100);
            if (!pushPullInterval.isZero()) {
                between("pushPullInterval", pushPullInterval, Duration.ofSeconds(1), Duration.ofHours(24));
            }
            between("joinTimeout", joinTimeout, Duration.ofMillis(100), Duration.ofHours(1));
            between("leaveTimeout", leaveTimeout, Duration.ZERO, Duration.ofMinutes(5));
            between("reconnectInterval", reconnectInterval, Duration.ofMillis(100), Duration.ofMinutes(10));
            between("reconnectMaxInterval", reconnectMaxInterval, reconnectInterval, Duration.ofHours(1));
            between("deadRetention", deadRetention, Duration.ofSeconds(1), Duration.ofDays(30));
            range("awarenessMaxMultiplier", awarenessMaxMultiplier, 0, 32);
            if (transport != null) {
                String[] parts = transport.split("\\+", -1);
                if (parts.length > 2) {
                    throw new InvalidConfigException("transport", "'" + transport + "'",
                            "a transport id, or two joined by '+' (packets+frames, as udp+tcp)");
                }
                for (String part : parts) {
                    providerId("transport", part);
                }
            }
            discovery.forEach(id -> providerId("discovery", id));
            providerId("failureDetector", failureDetector);
            providerId("hashFunction", hashFunction);
            providerId("ringStrategy", ringStrategy);
            providerId("signer", signer);
            excludedProviders.forEach(id -> providerId("excludedProviders", id));
            if (label != null) {
                checkLabel(label);
            }
            if (encryption != Encryption.OFF && secret == null) {
                throw new InvalidConfigException("encryption", encryption.id(), "a secret: sealing uses keys derived from "
                        + "the cluster secret; set secret(...) or leave encryption off");
            }
            return new ClusterConfig(this);
        }

        private static void hostField(String field, String host) {
            String problem = Hosts.problem(host);
            if (problem != null) {
                throw new InvalidConfigException(field, "'" + host + "'", problem);
            }
        }

        private static void range(String field, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidConfigException(field, value, "allowed " + min + " to " + max);
            }
        }

        private static void between(String field, Duration d, Duration min, Duration max) {
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new InvalidConfigException(field, Options.format(d),
                        "allowed " + Options.format(min) + " to " + Options.format(max));
            }
        }

        private static void providerId(String field, String id) {
            if (id != null && !id.matches("[a-z][a-z0-9-]{0,63}")) {
                throw new InvalidConfigException(field, "'" + id + "'",
                        "a provider id: lowercase letters, digits and '-', starting with a letter");
            }
        }

        /** The rule a label follows, for error messages. */
        private static final String LABEL_RULE = "a cluster label is 1 to " + MAX_LABEL_BYTES
                + " bytes of UTF-8 with something other than spaces";

        static void checkLabel(String label) {
            int bytes = label.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > MAX_LABEL_BYTES || label.isBlank()) {
                throw new InvalidConfigException("label", "'" + label + "' (" + bytes + " bytes)", LABEL_RULE);
            }
        }

        static void checkTags(Map<String, String> tags) {
            int total = 0;
            for (Map.Entry<String, String> e : tags.entrySet()) {
                String k = e.getKey();
                if (k.isEmpty() || k.length() > MAX_TAG_KEY_LENGTH || k.indexOf('=') >= 0 || k.isBlank()) {
                    throw new InvalidConfigException("tags", "'" + k + "'",
                            "a tag key has 1 to " + MAX_TAG_KEY_LENGTH + " characters and no '='");
                }
                total += k.getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length + 2;
            }
            if (total > MAX_TAG_BYTES) {
                throw new InvalidConfigException("tags", total + " bytes", "at most " + MAX_TAG_BYTES + " bytes in all, encoded");
            }
        }
    }

    /** The form of a seed entry, for error messages. */
    public static final String SEED_FORM = "a seed is name@host:port or host:port (IPv6 in brackets), as "
            + "web-1@10.0.0.5:7946, 10.0.0.5:7946 or [fd00::5]:7946";

    /**
     * Reads a seed entry as {@link Builder#build()} checks it.
     *
     * @param entry {@code host:port} or {@code name@host:port}, surrounding spaces ignored
     * @return the address to contact
     * @throws InvalidNodeIdException saying what is wrong and the allowed form
     */
    public static Address seedAddress(String entry) {
        String text = Objects.requireNonNull(entry, "entry").trim();
        if (text.isEmpty()) {
            throw new InvalidNodeIdException("an empty seed; " + SEED_FORM);
        }
        try {
            return text.indexOf('@') >= 0 ? NodeId.parse(text).address() : Address.parse(text);
        } catch (InvalidNodeIdException e) {
            throw new InvalidNodeIdException(e.getMessage() + "; " + SEED_FORM);
        }
    }

    /**
     * Checks a cluster label against its rule, as {@link Builder#build()} does.
     *
     * @param label the label
     * @throws InvalidConfigException naming the label and the rule
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public static void checkLabel(String label) {
        Builder.checkLabel(Objects.requireNonNull(label, "label"));
    }

    /**
     * Checks tags against the size rules, as {@link Builder#build()} does.
     *
     * @param tags the tags
     * @throws InvalidConfigException naming the bad key or the total size
     */
    public static void checkTags(Map<String, String> tags) {
        Builder.checkTags(tags);
    }
}
