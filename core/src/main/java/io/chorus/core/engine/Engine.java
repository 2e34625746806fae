package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStats;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.Option;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Deflation;
import io.chorus.core.wire.Envelope;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * One node's protocol loop: the dispatcher of everything that happens to a node. Packets and
 * frames are decoded here and each message handed to the part that owns its concern; timers
 * belong to the parts; after each task the snapshot readers see is published once. Every method
 * runs on the node's loop, which never blocks on I/O.
 *
 * <p>The parts, each owned by the loop (see {@code docs/architecture.md}): {@link Inbox}
 * (receiving: each decoded message to its part) and {@link Outbox} (sending), {@link Prober} (SWIM
 * probes, Lifeguard awareness), {@link Suspicions} (timeouts, confirmations), {@link Membership}
 * (states and the merge rules, the one place a member moves between states), {@link Gossip}
 * (dissemination), {@link AntiEntropy} (push-pull, pulls on demand), {@link Reconnects} (healing),
 * {@link Joining} (join and leave), {@link NameClaims} (unique names), {@link Views} (coordinator
 * and quorum), {@link Broadcasts} and {@link UserEvents} (user events), and {@link Counters}.
 */
public final class Engine {
    /** A join's outcome: no seed answered before the timeout. */
    public static final int JOIN_TIMED_OUT = Joining.TIMED_OUT;
    /** A join's outcome: a seed refused it, as a live member holds this node's name elsewhere ({@link #nameHolder()}). */
    public static final int JOIN_REFUSED = Joining.REFUSED;
    /** Option: how long a user event waits behind a gap in its origin's order. */
    public static final Option<Duration> REORDER_WINDOW = Option.duration("messaging.reorder-window", Duration.ofSeconds(2),
            Duration.ofMillis(10), Duration.ofMinutes(10),
            "how long a user event waits behind a gap in its sender's order before it is delivered anyway");
    /** Option: how long coalescing user events gather before the latest is delivered. */
    public static final Option<Duration> COALESCE_PERIOD = Option.duration("messaging.coalesce-period",
            Duration.ofMillis(200), Duration.ZERO, Duration.ofMinutes(10),
            "how long coalescing user events of one sender and topic gather before the latest is delivered; 0 delivers each");
    /** The options the engine reads itself, with those of {@link Compression}. */
    public static final List<Option<?>> OPTIONS = List.of(REORDER_WINDOW, COALESCE_PERIOD, Compression.ENABLED,
            Compression.THRESHOLD, Compression.MAX_INFLATED);

    /** Whether the engine publishes a read snapshot after each change (a node does; the simulator does not). */
    public enum Snapshots {
        /** Publish one after each change. */
        PUBLISHED,
        /** Never: only the loop reads the view. */
        NONE
    }

    /** With no seed at hand, whether a join ends at once or keeps trying until its timeout. */
    public enum WithoutSeeds {
        /** The first node of a new cluster: the join ends at once, alone. */
        START_ALONE,
        /** Discovery failed and may recover: keep trying until the timeout. */
        KEEP_TRYING
    }

    /** Told whether a change went out to a first round of members (true), or the node stopped first (false). */
    @FunctionalInterface
    public interface SentCallback {
        /** @param sent true once sent, false if the node stopped first */
        void run(boolean sent);
    }

    private static final Runnable NO_HOOK = () -> { };

    private final ClusterConfig config;
    private final Loop loop;
    private final FailureDetector detector;
    private final Codec codec;
    private final Envelope envelope;
    private final Compression compression;
    private final EventSink events;
    private final boolean publish;
    private final MemberTable table;
    private final LocalNode local;
    private final Counters counters = new Counters();
    private final Awareness awareness;
    private final Outbox outbox;
    private final Broadcasts broadcasts;
    private final Gossip gossip;
    private final Views views;
    private final Suspicions suspicions;
    private final ProbeOrder order;
    private final Prober prober;
    private final AntiEntropy antiEntropy;
    private final Reconnects reconnects;
    private final Membership membership;
    private final Joining joining;
    private final NameClaims names;
    private final Inbox inbox;
    private long snapshotVersion;
    private volatile Snapshot snapshot;

    /**
     * @param config the node's config
     * @param loop its protocol loop
     * @param detector its failure detector
     * @param signer its signer, or null
     * @param interner where ids are interned
     * @param seed the random seed (probe order, gossip targets, jitter)
     * @param initialIncarnation the incarnation to start from: higher than any earlier life of this name
     * @param observer measurement hooks
     * @param events where events go
     * @param snapshots whether to publish a read snapshot after each change
     */
    public Engine(ClusterConfig config, Loop loop, FailureDetector detector, MessageSigner signer, PeerInterner interner,
            long seed, long initialIncarnation, EngineObserver observer, EventSink events, Snapshots snapshots) {
        this.config = config;
        this.loop = loop;
        this.detector = detector;
        this.envelope = Envelope.of(config.label(), signer, config.encryption());
        this.codec = Codec.of(interner, envelope);
        this.compression = Compression.from(config.options());
        codec.compression(compression.enabled(), compression.threshold(), compression.maxInflated(), null);
        this.events = events;
        this.publish = snapshots == Snapshots.PUBLISHED;
        SplittableRandom random = new SplittableRandom(seed);
        this.table = new MemberTable(publish);
        this.awareness = new Awareness(config.awarenessMaxMultiplier());
        this.local = new LocalNode(initialIncarnation, Tags.of(config.tags()));
        long reorder = REORDER_WINDOW.read(config.options()).toNanos();
        long coalesce = COALESCE_PERIOD.read(config.options()).toNanos();
        Observation observation = new Observation(this, observer);
        this.outbox = new Outbox(codec, table, local, counters);
        // the event stream is drawn from a random of its own, so that the probe and gossip sequence of a seed stays as it was
        this.broadcasts = new Broadcasts(loop, table, local, outbox, compression, counters, events, reorder, coalesce,
                new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong() >>> 2);
        this.gossip = new Gossip(config, loop, table, local, outbox, broadcasts.events(), random);
        this.views = new Views(table, local, events);
        this.suspicions = new Suspicions(config, loop, table, local, outbox, observation);
        this.order = new ProbeOrder(table, local, random);
        this.antiEntropy = new AntiEntropy(config, loop, table, local, outbox, random);
        this.reconnects = new Reconnects(config, loop, local, outbox, antiEntropy, random);
        this.membership = new Membership(config, loop, table, local, gossip, suspicions, order, reconnects, views, detector,
                awareness, counters, observation, events, outbox, interner);
        this.prober = new Prober(config, loop, table, local, outbox, detector, awareness, counters, observation, suspicions,
                random, order);
        this.joining = new Joining(config, loop, table, local, membership, gossip, antiEntropy, reconnects, random);
        this.names = new NameClaims(config, loop, table, local, outbox, events, membership, antiEntropy, joining);
        this.inbox = new Inbox(codec, loop, table, local, detector, counters, prober, suspicions, membership, antiEntropy,
                reconnects, joining, names, broadcasts);
        Runnable flush = this::flush;
        outbox.piggyback(gossip::piggyback);
        broadcasts.wire(gossip::round);
        suspicions.wire((slot, p, inc, reason) -> membership.declareDead(slot, p, inc, local.peer, reason), flush);
        prober.wire((target, inc) -> membership.onSuspect(target, inc, local.peer, Membership.Source.PROBE, null), flush);
        gossip.wire(joining::checkLeaveDone, flush);
        antiEntropy.wire(flush);
        reconnects.wire(joining::retryIfAlone, flush);
        membership.wire(names::report, flush);
        membership.catchingUp(antiEntropy::catchingUp);
        joining.wire(this::stop);
        names.wire(flush);
    }

    /**
     * Shares one deflation (its native deflater and inflater) with the other engines on this thread,
     * as the simulator's engines do; its owner closes it. Set before start.
     *
     * @param shared the deflation
     */
    public void shareDeflation(Deflation shared) {
        codec.compression(compression.enabled(), compression.threshold(), compression.maxInflated(), shared);
    }

    /** @param sender sends events over the broadcast limit straight to each member (set before start) */
    public void directEvents(DirectEvents sender) {
        broadcasts.direct(sender);
    }

    /**
     * Sizes the member table for a cluster of about {@code members}, so that it does not grow by
     * copying (the simulator knows the size up front). Runs on the loop.
     *
     * @param members the expected cluster size
     */
    public void expectMembers(int members) {
        table.ensureCapacity(members);
        order.expect(members);
    }

    /** @return the node's envelope: its label, signer, sealer and encryption mode, shared with its messaging */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * Copies a packet or frame and runs it on the loop; thread-safe.
     *
     * @param data the bytes
     * @param offset where they start
     * @param length how many
     * @param channel how they arrived
     * @param opened whether they came sealed and were opened ({@link Envelope#unwrap}): authentic, with no trailer
     */
    public void deliver(byte[] data, int offset, int length, Header.Channel channel, boolean opened) {
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        loop.execute(() -> receive(copy, 0, copy.length, channel, opened));
    }

    /** @return a receiver that copies what transports hand over and runs it on the loop (no label, nothing sealed) */
    public TransportReceiver receiver() {
        return new TransportReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                deliver(data, offset, length, Header.Channel.PACKET, false);
            }

            @Override
            public void onFrame(Address from, byte[] data, int offset, int length) {
                deliver(data, offset, length, Header.Channel.STREAM, false);
            }

            @Override
            public void onDeliveryFailure(Address to, FailureReason reason) {
                loop.execute(() -> suspicions.deliveryFailed(to, reason));
            }

            @Override
            public void onDropped(Address from) {
                loop.execute(() -> counters.dropped++);
            }
        };
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the protocol: this node ALIVE in its own view, and the timers of the parts. Runs on the loop.
     *
     * @param t the bound transport
     */
    public void start(Transport t) {
        outbox.bind(t);
        local.peer = codec.interner().intern(NodeId.of(config.name(), t.localAddress()));
        membership.start();
        local.running = true;
        prober.start();
        gossip.start();
        antiEntropy.start();
        reconnects.start();
        membership.startReaping();
        flush();
    }

    /**
     * Joins through seeds: this node's state to each, retried with exponential backoff until the
     * join timeout. Runs on the loop.
     *
     * @param seeds the seeds
     * @param done gets 1 once a seed answered (the join ends at the first answer), 0 with no seed
     *     (a new cluster), or {@link #JOIN_TIMED_OUT} or {@link #JOIN_REFUSED}
     */
    public void join(List<Address> seeds, IntConsumer done) {
        join(seeds, WithoutSeeds.START_ALONE, NO_HOOK, config.joinTimeout().toNanos(), done);
    }

    /**
     * Joins through seeds that may change while it tries ({@link #updateSeeds}). Runs on the loop.
     *
     * @param seeds the seeds known now
     * @param withoutSeeds what to do when there are none
     * @param beforeRetry runs on the loop before each retry (may ask discovery for fresh seeds); must not block
     * @param timeoutNanos how long the join keeps trying
     * @param done gets 1 once a seed answered, 0 with no seed (a new cluster), or {@link #JOIN_TIMED_OUT} or {@link #JOIN_REFUSED}
     */
    public void join(List<Address> seeds, WithoutSeeds withoutSeeds, Runnable beforeRetry, long timeoutNanos,
            IntConsumer done) {
        joining.join(seeds, withoutSeeds, beforeRetry, timeoutNanos, done);
        flush();
    }

    /** @param fresh the seeds discovery found now (see {@link Joining#updateSeeds}); runs on the loop */
    public void updateSeeds(List<Address> fresh) {
        joining.updateSeeds(fresh);
    }

    /** @return every seed the current or last join contacted, in order of first contact (loop only) */
    public List<Address> seedsTried() {
        return joining.seedsTried();
    }

    /** @return the member that holds this node's name, from the seed that refused the last join, or null (loop only) */
    public Peer nameHolder() {
        return joining.nameHolder();
    }

    /** @return the seed that refused the last join, or null (loop only) */
    public Address nameRefusedBy() {
        return joining.nameRefusedBy();
    }

    /**
     * Forces a member held DEAD to leave (see {@link Membership#forceLeave}). Runs on the loop.
     *
     * @param name the member's name
     * @return its state before, or null when no member has that name; only a DEAD member moved to LEFT
     */
    public MemberState forceLeave(String name) {
        MemberState before = membership.forceLeave(name);
        flush();
        return before;
    }

    /** @param done runs once the node has left and stopped (see {@link Joining#leave}); runs on the loop */
    public void leave(Runnable done) {
        joining.leave(done);
    }

    /** Stops every part; the node stops answering. Runs on the loop. Does not close the transport. */
    public void stop() {
        local.running = false;
        broadcasts.stop();
        codec.closeDeflation();
        prober.stop();
        joining.stop();
        names.stop();
        gossip.stop();
        flush();
    }

    /** @return whether the node runs */
    public boolean running() {
        return local.running;
    }

    /** Replaces the local tags: raises the incarnation and gossips the change. Runs on the loop. @param tags the tags */
    public void updateTags(Map<String, String> tags) {
        updateTags(tags, sent -> { });
    }

    /**
     * Replaces the local tags, as {@link #updateTags(Map)} does, and tells {@code sent} once the
     * change has gone out to a first round of members: as many as the gossip fan-out, or every other
     * member when fewer are ALIVE or SUSPECT; at once when there is nobody to tell or nothing
     * changed. Runs on the loop.
     *
     * @param tags the new tags
     * @param sent told on the loop, after the snapshot holds the change
     */
    public void updateTags(Map<String, String> tags, SentCallback sent) {
        Tags t = Tags.of(tags);
        int others = table.liveCount() - 1;
        boolean change = !t.equals(local.tags) && local.running;
        if (change) {
            membership.changeTags(t);
        }
        if (change && others > 0) {
            gossip.whenSent(Math.min(config.gossipFanout(), others), sent);
        } else {
            flush();
            sent.run(local.running);
            return;
        }
        flush();
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Handles one packet or frame. Runs on the loop.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param channel how it came
     */
    public void receive(byte[] b, int off, int len, Header.Channel channel) {
        receive(b, off, len, channel, false);
    }

    /**
     * Decodes and handles a packet or frame that came sealed and was opened, or not. Runs on the loop.
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     * @param channel how they arrived
     * @param opened whether they came sealed and were opened (authentic, with no trailer)
     */
    public void receive(byte[] b, int off, int len, Header.Channel channel, boolean opened) {
        if (!local.running) {
            return;
        }
        inbox.receive(b, off, len, channel, opened);
        flush();
    }

    // ------------------------------------------------------------------ user events

    /** @param max the most at once @return whether one more own event was counted as spreading (any thread) */
    public boolean reserveBroadcast(int max) {
        return broadcasts.reserve(max);
    }

    /**
     * Broadcasts a user event reserved with {@link #reserveBroadcast} (see {@link Broadcasts#broadcast}). Runs on the loop.
     *
     * @param topic the topic
     * @param topicBytes its wire bytes
     * @param payload the payload (kept, not copied)
     * @param flags {@link Codec#EVENT_COALESCE}, {@link Codec#EVENT_DIRECT}
     */
    public void broadcast(String topic, byte[] topicBytes, byte[] payload, int flags) {
        broadcasts.broadcast(topic, topicBytes, payload, flags);
        flush();
    }

    /** A user event its origin sent here directly (decoded off the loop); the payload is a copy this engine keeps. Runs on the loop. */
    public void directUserEvent(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] payload) {
        if (local.running) {
            broadcasts.directFrom(origin, stream, seq, low, flags, topic, payload);
            flush();
        }
    }

    /** @return whether a user event of this node with this topic and payload length fits in a packet (after start; any thread) */
    public boolean eventFitsPacket(byte[] topic, int payloadLength) {
        return broadcasts.fitsPacket(topic, payloadLength);
    }

    // ------------------------------------------------------------------ publishing and reads

    /** After each task: views brought up to date, the snapshot published once if anything changed, then events and callbacks. */
    private void flush() {
        boolean changed = membership.takeChanged();
        if ((local.running || views.stale()) && views.update()) {
            changed = true;
        }
        if (changed) {
            snapshotVersion++;
            if (publish) {
                Member[] all = new Member[table.size];
                Member self = null;
                for (int s = 0; s < table.size; s++) {
                    all[s] = table.member(s);
                    if (table.peers[s] == local.peer) {
                        self = all[s];
                    }
                }
                Peer c = views.coordinator();
                int slot = c == null ? -1 : table.find(c);
                snapshot = new Snapshot(snapshotVersion, self, all, slot >= 0 ? all[slot] : null, views.quorum());
            }
        }
        gossip.checkSent();
        events.flush();
        joining.afterPublish();
    }

    /**
     * @param startMillis when the node started, in milliseconds since an epoch all nodes share; a
     *     restart a moment later still outranks the life before
     * @return its first incarnation
     */
    public static long initialIncarnation(long startMillis) {
        return Math.max(0, startMillis) << Views.START_SHIFT;
    }

    /** @return the task the loop runs for each probe, for benchmarks that turn a loop by hand */
    public Runnable probeTask() {
        return prober.probeTask();
    }

    /** @return the latest published snapshot, or null before start or when publishing is off */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return the local node's peer (null before start) */
    public Peer self() {
        return local.peer;
    }

    /** @return the local incarnation (loop only) */
    public long incarnation() {
        return local.incarnation;
    }

    /** @return members this node sees ALIVE, itself included (loop only) */
    public int aliveMembers() {
        return table.count(MemberState.ALIVE);
    }

    /** @return members known in any state (loop only) */
    public int knownMembers() {
        return table.size;
    }

    /** @param name a member name @return its state in this node's view, or null if unknown (loop only) */
    public MemberState stateOf(String name) {
        int slot = table.find(name);
        return slot < 0 ? null : table.state(slot);
    }

    /** @return the coordinator in this node's view, or null (loop only) */
    public Peer coordinator() {
        return views.coordinator();
    }

    /** @return whether this node sees a strict majority of the cluster ALIVE (loop only) */
    public boolean hasQuorum() {
        return views.quorum();
    }

    /** @return the Lifeguard health score (loop only) */
    public int healthScore() {
        return awareness.score();
    }

    /** @return pending gossip updates (loop only) */
    public int pendingUpdates() {
        return gossip.pending();
    }

    /** @return counters (loop only) */
    public ClusterStats stats() {
        return counters.stats(table, awareness.score(), gossip.pending(), loop.nanos());
    }
}
