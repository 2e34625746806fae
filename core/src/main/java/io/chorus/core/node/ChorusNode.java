package io.chorus.core.node;

import io.chorus.api.Address;
import io.chorus.api.AlreadyJoinedException;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.ClusterStats;
import io.chorus.api.ClusterStatus;
import io.chorus.api.Encryption;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.Keyring;
import io.chorus.api.KeyringException;
import io.chorus.api.Member;
import io.chorus.api.MemberSetChange;
import io.chorus.api.MemberState;
import io.chorus.api.Message;
import io.chorus.api.MessageHandler;
import io.chorus.api.MessagingException;
import io.chorus.api.NameConflictException;
import io.chorus.api.NodeId;
import io.chorus.api.NotStartedException;
import io.chorus.api.ProviderChoice;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.ProviderException;
import io.chorus.api.Ring;
import io.chorus.api.Subscription;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.core.assembly.Assembled;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.Snapshot;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Envelope;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the engine on its own loop thread, a transport, discovery, events and reads
 * from the published snapshot. Blocking calls wait for the loop with a deadline.
 */
public final class ChorusNode implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusNode.class);
    /** Incarnations start from milliseconds since this instant, so a restarted node outranks its earlier life. */
    private static final Instant INCARNATION_EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long LOOP_WAIT_MS = 10_000;
    /** Option: keep SUSPECT members on the ring too (default false: ALIVE members only). */
    static final Option<Boolean> RING_INCLUDE_SUSPECT = Option.bool("ring.include-suspect", false,
            "keep SUSPECT members on the ring as well as ALIVE ones");
    /**
     * Every option a node reads itself (messaging, compression, the ring), declared next to the
     * code that reads it; the engine provider lists them.
     */
    public static final List<Option<?>> OPTIONS = Stream.of(Messaging.OPTIONS, Engine.OPTIONS, List.of(RING_INCLUDE_SUSPECT))
            .flatMap(List::stream).collect(Collectors.toUnmodifiableList());
    /** How often an ephemeral bind (port 0) looks for a port free for both packets and frames. */
    private static final int EPHEMERAL_BIND_ATTEMPTS = 8;

    private final ClusterConfig config;
    private final Assembled providers;
    private final EventHub events;
    private final Object lock = new Object();
    private volatile ClusterStatus status = ClusterStatus.NEW;
    private volatile boolean joined;
    /** Held while a join or a merge runs: the engine runs one at a time. */
    private final Object joinLock = new Object();
    private ThreadLoop loop;
    private Engine engine;
    /** The engine's envelope once started, read by any thread. */
    private volatile Envelope envelope;
    private Transport transport;
    private SeedFinder seedFinder;
    private volatile ClusterStats lastStats = ClusterStats.builder().build();
    private volatile RingKeeper rings;
    private volatile MessageSigner signer;
    private volatile List<ProviderChoice> choices;
    private final Messaging messaging;

    /**
     * @param config the node's config
     * @param providers the providers it is assembled from
     */
    public ChorusNode(ClusterConfig config, Assembled providers) {
        this.config = Objects.requireNonNull(config, "config");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.choices = providers.choices();
        this.events = new EventHub(config.name());
        this.messaging = new Messaging(config);
        events.subscribe(e -> {
            if (e instanceof ClusterEvent.MemberFailed f) {
                messaging.memberGone(f.member());
            } else if (e instanceof ClusterEvent.MemberLeft l) {
                messaging.memberGone(l.member());
            } else if (e instanceof ClusterEvent.NameConflict c) {
                LOG.warn("chorus node {}: a node at {} tried to join under this node's name {}; it was refused "
                        + "(names are unique in a cluster)", c.holder(), c.claimant().address(), c.holder().name());
            }
        });
    }

    @Override
    public Cluster start() {
        synchronized (lock) {
            if (status != ClusterStatus.NEW) {
                throw new IllegalStateException("node " + config.name() + " was already started (status " + status + ")");
            }
            setStatus(ClusterStatus.STARTING);
            ProviderContext ctx = ProviderContext.of(config);
            try {
                signer = providers.signer().map(p -> p.create(ctx)).orElse(null);
                checkEncryption(signer);
                loop = new ThreadLoop(config.name());
                long incarnation = Engine.initialIncarnation(Duration.between(INCARNATION_EPOCH, Instant.now()).toMillis());
                engine = new Engine(config, loop, providers.failureDetector().create(ctx), signer, new PeerInterner(),
                        new SplittableRandom().nextLong(), incarnation, EngineObserver.NONE, events, Engine.Snapshots.PUBLISHED);
                ThreadLoop l0 = loop;
                Engine e0 = engine;
                messaging.attach(e0, l0::execute, e0::snapshot);
                envelope = e0.envelope();
                e0.directEvents(messaging::sendDirect);
                if (providers.hashFunction().isPresent() && providers.ringStrategy().isPresent()) {
                    Engine e = engine;
                    RingKeeper keeper = new RingKeeper(config.name(), providers.hashFunction().get().create(ctx),
                            providers.ringStrategy().get().create(ctx),
                            RING_INCLUDE_SUSPECT.read(config.options()), e::snapshot, events::post);
                    events.afterFlush(keeper::afterChange);
                    rings = keeper;
                }
                transport = openTransport();
                reportProviders(transport instanceof CompositeTransport);
                List<SeedFinder.Source> sources = new ArrayList<>();
                try {
                    for (DiscoveryProvider d : providers.discovery()) {
                        sources.add(new SeedFinder.Source(d.id(), d.create(ctx)));
                    }
                } catch (RuntimeException e) {
                    sources.forEach(src -> src.discovery().close());
                    throw e;
                }
                if (!sources.isEmpty()) {
                    Engine e = engine;
                    ThreadLoop l = loop;
                    seedFinder = new SeedFinder(config.name(), sources, seeds -> l.execute(() -> e.updateSeeds(seeds)));
                }
                Transport t = transport;
                onLoop(() -> {
                    engine.start(t);
                    return null;
                });
                messaging.start(t, engine.snapshot().local().id());
            } catch (RuntimeException e) {
                signer = null;
                shutdown();
                setStatus(ClusterStatus.STOPPED);
                throw e instanceof ChorusException ? e : new ChorusException("node " + config.name() + " failed to start: " + e, e);
            }
            setStatus(ClusterStatus.RUNNING);
            LOG.info("chorus node {} running", localId());
            return this;
        }
    }

    /**
     * Logs, in one line, which provider the node uses for each kind and why, as SLF4J reports its
     * own provider; a transport that stood by for frames is dropped from the list when the packet
     * transport carries them itself.
     */
    private void reportProviders(boolean framesInUse) {
        List<ProviderChoice> used = new ArrayList<>();
        for (ProviderChoice c : choices) {
            if (c.kind() != ProviderChoice.Kind.FRAMES || framesInUse) {
                used.add(c);
            }
        }
        choices = List.copyOf(used);
        StringBuilder line = new StringBuilder();
        for (ProviderChoice c : used) {
            line.append(line.length() == 0 ? "" : "; ").append(c);
        }
        LOG.info("chorus node {} providers: {}", config.name(), line);
    }

    /**
     * Opens the packet transport; when it carries no frames and another transport is there, that
     * one carries them, bound to the same port (the port in a member's id serves both).
     */
    private Transport openTransport() {
        for (int attempt = 1; ; attempt++) {
            Transport packets = providers.transport().create(TransportContext.of(config, config.options(), messaging.receiver(engine.receiver())));
            if (packets.supportsFrames() || providers.frames().isEmpty()) {
                if (!packets.supportsFrames()) {
                    LOG.warn("chorus node {}: transport {} carries packets only; without a stream transport (add "
                            + "io.chorus:chorus-transport-tcp) joins and push-pull send only what fits in one packet",
                            config.name(), providers.transport().id());
                }
                return packets;
            }
            int port = config.bindPort() != 0 ? config.bindPort() : packets.localAddress().port();
            ClusterConfig samePort = config.toBuilder().bind(config.bindHost(), port).build();
            try {
                Transport frames = providers.frames().get().create(TransportContext.of(samePort, config.options(),
                        messaging.receiver(engine.receiver())));
                return new CompositeTransport(packets, frames);
            } catch (RuntimeException e) {
                packets.close();
                // with port 0 the packet transport picked a port the stream transport may find taken: pick again
                if (config.bindPort() != 0 || attempt == EPHEMERAL_BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("chorus node {}: port {} is free for packets but not for frames; picking another", config.name(),
                        port);
            }
        }
    }

    /**
     * Joins through the seeds discovery finds: every discovery source is asked now (off the
     * protocol loop, waiting at most the join timeout), again before each join retry, and then
     * every source's refresh interval while the node runs. A failing source is logged and asked
     * again; it never stops the join. With no source failing and no seed found, this node starts a
     * cluster of its own.
     */
    @Override
    public int join() {
        requireRunning("join");
        requireNotJoined();
        if (seedFinder == null) {
            return join(List.of());
        }
        long start = System.nanoTime();
        long timeout = config.joinTimeout().toNanos();
        SeedFinder.Round first = seedFinder.resolveNow(config.joinTimeout());
        seedFinder.startPeriodic();
        long left = Math.max(0, timeout - (System.nanoTime() - start));
        SeedFinder finder = seedFinder;
        return join(finder::current, first.failed() ? Engine.WithoutSeeds.KEEP_TRYING : Engine.WithoutSeeds.START_ALONE,
                finder::refreshSoon, left);
    }

    @Override
    public int join(Collection<Address> seeds) {
        Objects.requireNonNull(seeds, "seeds");
        List<Address> list = List.copyOf(seeds);
        return join(() -> list, Engine.WithoutSeeds.START_ALONE, () -> { }, config.joinTimeout().toNanos());
    }

    /**
     * @param seeds the seeds, read on the loop when the join begins
     * @param withoutSeeds with no seeds, whether to end at once (a new cluster) or keep trying until the timeout
     * @param beforeRetry runs on the loop before each retry; must not block
     * @param timeoutNanos how long the join keeps trying
     */
    private int join(Supplier<List<Address>> seeds, Engine.WithoutSeeds withoutSeeds, Runnable beforeRetry, long timeoutNanos) {
        requireRunning("join");
        requireNotJoined();
        synchronized (joinLock) {
            requireNotJoined();
            return exchange(seeds, withoutSeeds, beforeRetry, timeoutNanos);
        }
    }

    /**
     * Runs one join on the loop and waits for it: this node's state to the seeds, theirs merged back.
     * Callers hold {@link #joinLock}: the engine runs one join at a time.
     */
    private int exchange(Supplier<List<Address>> seeds, Engine.WithoutSeeds withoutSeeds, Runnable beforeRetry,
            long timeoutNanos) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> engine.join(seeds.get(), withoutSeeds, beforeRetry, timeoutNanos, done::complete));
        int replies = await(done, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + LOOP_WAIT_MS, "join");
        if (replies == Engine.JOIN_REFUSED) {
            NameConflictException e = onLoop(() -> new NameConflictException(engine.nameHolder().id(),
                    engine.nameRefusedBy()));
            LOG.warn("chorus node {}: {}", config.name(), e.getMessage());
            throw e;
        }
        if (replies < 0) {
            List<Address> tried = onLoop(engine::seedsTried);
            JoinTimeoutException e = new JoinTimeoutException(tried, config.joinTimeout(),
                    seedFinder == null ? Map.of() : seedFinder.failing());
            if (tried.isEmpty() && seedFinder != null) {
                seedFinder.lastFailure().ifPresent(e::initCause);
            }
            throw e;
        }
        joined = true;
        return replies;
    }

    /**
     * Joins through these addresses, or, once joined, exchanges full state with them again: the way to
     * merge two clusters formed apart (each side learns the other's members and gossips them on), or
     * to reach members that a partition kept apart for longer than they were remembered.
     */
    @Override
    public int merge(Collection<Address> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        List<Address> list = List.copyOf(addresses);
        requireRunning("merge");
        synchronized (joinLock) {
            return exchange(() -> list, Engine.WithoutSeeds.START_ALONE, () -> { }, config.joinTimeout().toNanos());
        }
    }

    @Override
    public Member forceLeave(String name) {
        Objects.requireNonNull(name, "name");
        requireRunning("forceLeave");
        MemberState before = onLoop(() -> engine.forceLeave(name));
        if (before == null) {
            throw new NoSuchElementException("no member named '" + name + "' is known to " + localId()
                    + "; a member is forgotten deadRetention (" + Options.format(config.deadRetention()) + ") after it died");
        }
        if (before != MemberState.DEAD && before != MemberState.LEFT) {
            throw new IllegalStateException("member '" + name + "' is " + before + ", not DEAD: force-leave removes failed "
                    + "members only; a live member leaves by itself");
        }
        return engine.snapshot().byName(name);
    }

    private void requireNotJoined() {
        if (joined) {
            throw new AlreadyJoinedException("node " + localId() + " has already joined a cluster");
        }
    }

    @Override
    public void leave() {
        synchronized (lock) {
            if (status != ClusterStatus.RUNNING) {
                return;
            }
            setStatus(ClusterStatus.STOPPING);
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.execute(() -> engine.leave(() -> done.complete(null)));
            try {
                done.get(config.leaveTimeout().toMillis() + LOOP_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("chorus node {} did not finish leaving cleanly: {}", config.name(), e.toString());
            }
            shutdown();
            setStatus(ClusterStatus.STOPPED);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (status == ClusterStatus.RUNNING) {
                leave();
            } else if (status != ClusterStatus.STOPPED) {
                shutdown();
                setStatus(ClusterStatus.STOPPED);
            }
        }
    }

    @Override
    public void halt() {
        synchronized (lock) {
            if (status != ClusterStatus.STOPPED) {
                shutdown();
                setStatus(ClusterStatus.STOPPED);
            }
        }
    }

    private void shutdown() {
        messaging.stop();
        if (loop != null && engine != null) {
            try {
                onLoop(() -> {
                    lastStats = withMessaging(engine.stats());
                    engine.stop();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debug("chorus node {} stop: {}", config.name(), e.toString());
            }
        }
        if (transport != null) {
            transport.close();
        }
        if (seedFinder != null) {
            seedFinder.close();
        }
        if (loop != null) {
            loop.shutdown();
        }
        // the ring thread posts to the event hub: stop it, and wait for it, before the event thread goes
        if (rings != null) {
            rings.shutdown();
        }
        events.shutdown();
    }

    @Override
    public NodeId localId() {
        return localMember().id();
    }

    @Override
    public Member localMember() {
        return snapshot("localMember").local();
    }

    @Override
    public List<Member> members() {
        return snapshot("members").members();
    }

    @Override
    public Optional<Member> member(NodeId id) {
        Objects.requireNonNull(id, "id");
        Member m = snapshot("member").byName(id.name());
        return m != null && m.id().equals(id) ? Optional.of(m) : Optional.empty();
    }

    @Override
    public List<Member> membersWithTag(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return membersWithTags(Map.of(key, value));
    }

    @Override
    public List<Member> membersWithTags(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        List<Member> out = new ArrayList<>();
        for (Member m : members()) {
            if (m.state() == MemberState.ALIVE && m.tags().entrySet().containsAll(tags.entrySet())) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Subscription watch(Map<String, String> tags, Consumer<? super MemberSetChange> listener) {
        Map<String, String> query = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(listener, "listener");
        snapshot("watch");
        TagWatch w = new TagWatch(query, listener, () -> engine.snapshot());
        Subscription sub = events.subscribe(w::onEvent);
        events.onEventThread(w::start);
        return sub;
    }

    @Override
    public Optional<Member> coordinator() {
        return Optional.ofNullable(snapshot("coordinator").coordinator());
    }

    @Override
    public boolean hasQuorum() {
        return snapshot("hasQuorum").quorum();
    }

    @Override
    public CompletionStage<Void> updateTag(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return changeTags(m -> m.put(key, value));
    }

    @Override
    public CompletionStage<Void> removeTag(String key) {
        Objects.requireNonNull(key, "key");
        return changeTags(m -> m.remove(key));
    }

    /** Changes the tags on the loop and returns once the snapshot holds them; the stage completes when they went out. */
    private CompletionStage<Void> changeTags(Consumer<Map<String, String>> change) {
        requireRunning("tag update");
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (lock) {
            Map<String, String> next = new LinkedHashMap<>(localMember().tags());
            change.accept(next);
            ClusterConfig.checkTags(next);
            onLoop(() -> {
                // completed off the protocol loop, so that a caller's dependent stages never run on it
                engine.updateTags(next, ok -> events.onEventThreadOrNow(() -> {
                    if (ok) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(new ChorusException("node " + config.name()
                                + " stopped before its tag change was sent"));
                    }
                }));
                return null;
            });
        }
        return sent;
    }

    @Override
    public Ring ring() {
        if (providers.hashFunction().isEmpty() || providers.ringStrategy().isEmpty()) {
            throw new ProviderException("no ring: add io.chorus:chorus-hashing (module io.chorus.hashing), which provides "
                    + "the hash functions and ring strategies, to the " + io.chorus.core.assembly.Assembly.PATH);
        }
        snapshot("ring");
        return rings.ring();
    }

    @Override
    public ClusterStats stats() {
        if (status != ClusterStatus.RUNNING && status != ClusterStatus.STOPPING) {
            return lastStats;
        }
        try {
            ClusterStats s = withMessaging(onLoop(engine::stats));
            lastStats = s;
            return s;
        } catch (RuntimeException e) {
            return lastStats;
        }
    }

    /** @return the engine's counters with the messaging layer's added: user packets and frames never reach the loop */
    private ClusterStats withMessaging(ClusterStats e) {
        Messaging m = messaging;
        long missing = m.rejections(Codec.Outcome.MISSING_SIGNATURE);
        long bad = m.rejections(Codec.Outcome.BAD_SIGNATURE);
        long unknown = m.rejections(Codec.Outcome.UNKNOWN_KEY);
        long replay = m.rejections(Codec.Outcome.REPLAYED);
        long label = m.rejections(Codec.Outcome.LABEL);
        long unsealed = m.rejections(Codec.Outcome.UNSEALED);
        long sealed = m.rejections(Codec.Outcome.SEALED);
        return m.withRequests(e).toBuilder()
                .dropped(e.dropped() + m.dropped())
                .rejected(e.rejected() + missing + bad + unknown + replay + label + unsealed + sealed)
                .rejectedLabel(e.rejectedLabel() + label)
                .rejectedUnsealed(e.rejectedUnsealed() + unsealed)
                .rejectedSealed(e.rejectedSealed() + sealed)
                .rejectedMissingTag(e.rejectedMissingTag() + missing)
                .rejectedBadTag(e.rejectedBadTag() + bad)
                .rejectedUnknownKey(e.rejectedUnknownKey() + unknown)
                .rejectedReplay(e.rejectedReplay() + replay)
                .userMessagesIn(m.in())
                .userMessagesOut(m.out())
                .userRejected(m.rejected())
                .build();
    }

    @Override
    public List<ProviderChoice> providers() {
        return choices;
    }

    @Override
    public Optional<Keyring> keyring() {
        MessageSigner s = signer;
        return s == null ? Optional.empty() : s.keyring();
    }

    /**
     * A node that should seal needs a signer that can: else it refuses to start, as it refuses to
     * start unsigned when given a secret.
     */
    private void checkEncryption(MessageSigner s) {
        if (config.encryption() != Encryption.OFF && (s == null || s.sealer().isEmpty())) {
            String id = providers.signer().map(p -> p.id()).orElse("(none)");
            throw new ProviderException("node " + config.name() + " is configured with encryption " + config.encryption().id()
                    + ", but its signer " + id + " only signs: add io.chorus:chorus-security-aes (module "
                    + "io.chorus.security.aes, signer aes-gcm) to the " + io.chorus.core.assembly.Assembly.PATH
                    + (config.signer().isPresent() ? " and name it with signer(\"aes-gcm\")" : ""));
        }
    }

    @Override
    public Encryption encryption() {
        Envelope e = envelope;
        return e == null ? config.encryption() : e.mode();
    }

    @Override
    public void encryption(Encryption mode) {
        Objects.requireNonNull(mode, "mode");
        requireRunning("encryption");
        Envelope envelope = this.envelope;
        if (mode != Encryption.OFF && !envelope.seals()) {
            throw new KeyringException("node " + config.name() + " cannot seal its traffic: encryption " + mode.id() + " needs "
                    + (signer == null ? "a secret and " : "") + "the aes-gcm signer (io.chorus:chorus-security-aes)");
        }
        Encryption before = envelope.mode();
        envelope.mode(mode);
        if (before != mode) {
            LOG.info("chorus node {}: encryption {} -> {} (sends {}, accepts {})", config.name(), before.id(), mode.id(),
                    mode.sendsSealed() ? "sealed" : "signed", mode.acceptsSealed() && mode.acceptsSigned() ? "sealed and signed"
                            : mode.acceptsSealed() ? "sealed only" : "signed only");
        }
    }

    @Override
    public ClusterStatus status() {
        return status;
    }

    @Override
    public void send(NodeId member, String topic, byte[] payload) {
        requireRunning("send");
        messaging.send(member, topic, payload);
    }

    @Override
    public CompletableFuture<Message> request(NodeId member, String topic, byte[] payload, Duration timeout) {
        requireRunning("request");
        return messaging.request(member, topic, payload, timeout);
    }

    @Override
    public CompletableFuture<Message> request(CharSequence key, String topic, byte[] payload, Duration timeout) {
        requireRunning("request");
        return messaging.request(key, topic, payload, timeout, this::ring);
    }

    @Override
    public void broadcast(String topic, byte[] payload, boolean coalesce) {
        byte[] t = Topics.check(topic);
        Objects.requireNonNull(payload, "payload");
        requireRunning("broadcast");
        if (payload.length > messaging.maxPayload) {
            throw new MessagingException(MessagingException.Reason.TOO_LARGE, null, "a user event of " + payload.length
                    + " bytes on topic " + topic + " exceeds " + Messaging.MAX_PAYLOAD.key() + " (" + messaging.maxPayload + " bytes)");
        }
        boolean direct = payload.length > messaging.broadcastLimit;
        if (!transport.supportsFrames() && (direct || !engine.eventFitsPacket(t, payload.length))) {
            throw new MessagingException(MessagingException.Reason.TOO_LARGE, null, "a user event of " + payload.length
                    + " bytes on topic " + topic + " does not fit in one packet, and the transport has no streams (add "
                    + "io.chorus:chorus-transport-tcp)");
        }
        if (!engine.reserveBroadcast(messaging.maxBroadcasts)) {
            throw new MessagingException(MessagingException.Reason.REJECTED, null, messaging.maxBroadcasts
                    + " user events of " + config.name() + " are still spreading (" + Messaging.MAX_BROADCASTS.key()
                    + "); broadcast again later or raise the option");
        }
        byte[] copy = payload.clone();
        Engine e = engine;
        int flags = (coalesce ? Codec.EVENT_COALESCE : 0) | (direct ? Codec.EVENT_DIRECT : 0);
        loop.execute(() -> e.broadcast(topic, t, copy, flags));
    }

    @Override
    public Subscription handle(String topic, MessageHandler handler) {
        return messaging.handle(topic, handler);
    }

    @Override
    public Subscription subscribe(Consumer<? super ClusterEvent> listener) {
        return events.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "ChorusNode[" + config.name() + ", " + status + "]";
    }

    private void setStatus(ClusterStatus next) {
        ClusterStatus prev = status;
        status = next;
        ClusterEvent.StatusChanged e = new ClusterEvent.StatusChanged(prev, next);
        if (loop != null && next != ClusterStatus.STOPPED) {
            loop.execute(() -> {
                if (events.enabled()) {
                    events.emit(e);
                    events.flush();
                }
            });
        } else if (events.enabled()) {
            events.emit(e);
            events.flush();
        }
    }

    private Snapshot snapshot(String what) {
        Snapshot s = engine == null ? null : engine.snapshot();
        if (s == null) {
            throw new NotStartedException(what + ": node " + config.name() + " is not started (status " + status + ")");
        }
        return s;
    }

    private void requireRunning(String what) {
        if (status != ClusterStatus.RUNNING) {
            throw new NotStartedException(what + ": node " + config.name() + " is not running (status " + status
                    + "); call start() first");
        }
    }

    private <T> T onLoop(Supplier<T> task) {
        if (loop.inLoop()) {
            return task.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        return await(f, LOOP_WAIT_MS, "protocol loop");
    }

    private static <T> T await(CompletableFuture<T> f, long millis, String what) {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new ChorusException(what + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new ChorusException(what + " did not answer within " + millis + " ms", e);
        }
    }

}
