package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.ClusterStats;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One node's protocol state machine: SWIM probes (direct, then indirect through k members,
 * round-robin over a shuffled list), suspicion with Lifeguard's shrinking timeout and
 * confirmations, local health awareness, refutation, dissemination by piggybacking with a
 * λ·log(n) retransmit limit, push-pull anti-entropy, join, leave, and healing by reconnecting to
 * DEAD members. Every method runs on the node's protocol loop; the loop never blocks on I/O.
 */
public final class Engine implements MessageVisitor {
    private static final int SRC_GOSSIP = 0;
    private static final int SRC_SYNC = 1;
    private static final int SRC_JOIN = 2;
    /** This node's own failed probe round. */
    private static final int SRC_PROBE = 3;
    private static final long MS = 1_000_000L;
    private static final Runnable NO_HOOK = () -> { };
    /** Most pending updates kept per node; push-pull repairs whatever is dropped. */
    private static final int QUEUE_CAPACITY = 4096;
    private static final int DEAD_SCAN_PER_TICK = 64;
    private static final int FRAME_BUFFER = 16 * 1024;
    /** How often a suspicion may be extended because its member was heard from meanwhile. */
    private static final int MAX_DEFERRALS = 2;
    /** Joins under a taken name checked at once; more wait for their retry. */
    private static final int MAX_CLAIMS = 64;
    /** How long a name conflict with one claimant is reported once (a warning and an event). */
    private static final long CONFLICT_REPORT_NS = 10_000 * MS;
    /** A join's outcome: no seed answered before the timeout. */
    public static final int JOIN_TIMED_OUT = -1;
    /** A join's outcome: a seed refused it, as a live member holds this node's name elsewhere ({@link #nameHolder()}). */
    public static final int JOIN_REFUSED = -2;
    /**
     * How far a node's incarnation is shifted: it starts at its start time in milliseconds shifted by this
     * much, and goes up by one per refutation or tag change, so that the start time (which orders
     * members for the coordinator) survives in it.
     */
    public static final int START_SHIFT = 20;
    /** Option: how long a user event waits behind a gap in its origin's order. */
    public static final String REORDER_WINDOW = "messaging.reorder-window";
    /** Option: how long coalescing user events gather before the latest is delivered. */
    public static final String COALESCE_PERIOD = "messaging.coalesce-period";
    /** Option: whether this node compresses, advertises that it inflates, and inflates (false: the wire of a build before compression). */
    public static final String COMPRESSION_ENABLED = "compression.enabled";
    /** Option: message bytes from which a frame is compressed; 0 never compresses. */
    public static final String COMPRESSION_THRESHOLD = "compression.threshold";
    /** Option: the largest inflated size of a compressed packet or frame accepted. */
    public static final String COMPRESSION_MAX_INFLATED = "compression.max-inflated-bytes";

    /**
     * A node's compression settings, read once from its options for the protocol loop and for user
     * messages alike.
     *
     * @param enabled whether the node compresses, advertises that it inflates, and inflates
     * @param threshold message bytes from which a frame is compressed; 0 never compresses
     * @param maxInflated the largest inflated size accepted
     */
    public record Compression(boolean enabled, int threshold, int maxInflated) {
        /**
         * @param o the node's options
         * @return the settings, range-checked
         * @throws io.chorus.api.InvalidConfigException naming an option out of range
         */
        public static Compression from(io.chorus.api.Options o) {
            return new Compression(o.booleanValue(COMPRESSION_ENABLED, true),
                    o.intValue(COMPRESSION_THRESHOLD, Codec.DEFAULT_THRESHOLD, 0, 1 << 30),
                    o.intValue(COMPRESSION_MAX_INFLATED, Codec.DEFAULT_MAX_INFLATED, 64 * 1024, 1 << 30));
        }
    }

    /**
     * Sends a user event too large for gossip straight to each member, off the protocol loop.
     */
    public interface DirectEvents {
        /**
         * @param to the members to send it to
         * @param inflates for each of {@code to}, whether it said it inflates compressed frames
         * @param origin this node
         * @param stream its event stream
         * @param seq the event's number
         * @param low the oldest of this node's ordered events still gossiped
         * @param flags event flags ({@link Codec#EVENT_DIRECT} set)
         * @param topic the topic's wire bytes
         * @param payload the payload
         */
        void send(List<Address> to, boolean[] inflates, Peer origin, long stream, long seq, long low, int flags, byte[] topic,
                byte[] payload);
    }

    private final ClusterConfig config;
    private final Loop loop;
    private final FailureDetector detector;
    private final Codec codec;
    private final Compression compression;
    private final EngineObserver observer;
    private final EventSink events;
    private final boolean publish;
    private final SplittableRandom random;
    private final MemberTable table;
    private final GossipQueue queue = new GossipQueue(QUEUE_CAPACITY);
    private final UserEvents userEvents;
    /** This node's own events still spreading: counted when accepted, from any thread. */
    private final AtomicInteger ownEvents = new AtomicInteger();
    /** This node's event stream: one per life, so that receivers never confuse two lives. */
    private final long userStream;
    private long userSeq;
    /** This node's ordered events of the last reorder window: (number, time) pairs, oldest first. */
    private final ArrayDeque<long[]> recentEvents = new ArrayDeque<>();
    private final long reorderWindowNs;
    private long userCoalesceSeq;
    private long userEventsDelivered;
    /** The oldest ALIVE member; null when it must be looked for again. */
    private Peer coordinator;
    private boolean coordinatorDirty;
    private Peer announcedCoordinator;
    private boolean quorum;
    private boolean quorumKnown;
    private DirectEvents directEvents = (to, inflates, origin, stream, seq, low, flags, topic, payload) -> { };
    private final Awareness awareness;
    private final WireWriter out = new WireWriter(2048);
    /** Frames are rare and can be large: a big buffer is let go after use instead of kept (10,000 nodes in one JVM). */
    private WireWriter frameOut = new WireWriter(FRAME_BUFFER);
    private final long probeIntervalNs;
    private final long probeTimeoutNs;
    private final long gossipIntervalNs;
    private final long pullCooldownNs;

    private Transport transport;
    private int budget;
    private Peer self;
    private long selfInc;
    private Tags selfTags;
    private boolean running;
    private boolean leaving;
    private long snapshotVersion;
    private boolean dirty;
    private volatile Snapshot snapshot;

    // probing
    private Peer[] probeOrder = new Peer[16];
    private int probeCount;
    private int probeIndex;
    private int seqGen;
    private int probeSeq = -1;
    private Peer probeTarget;
    /** The target's incarnation when the probe started: a failed round is evidence against that one only. */
    private long probeInc;
    private boolean probeAcked;
    private int expectedNacks;
    private int nacks;
    private long probeStart;
    private Loop.Timer probeTimer;
    private Loop.Timer roundTimer;
    /** The next probe's timer. Each recurring task keeps its timer here for the loop to recycle. */
    private Loop.Timer probeTickTimer;
    private Loop.Timer gossipTimer;
    private Loop.Timer pushPullTimer;
    private Loop.Timer reconnectTimer;
    private Loop.Timer reapTimer;
    private final HashMap<Integer, Relay> relays = new HashMap<>();
    private final HashMap<Integer, Peer> reconnectPings = new HashMap<>();
    private final HashMap<String, Long> accusationsRelayed = new HashMap<>();
    private final HashMap<Address, DeliveryFailure> deliveryFailures = new HashMap<>();

    // healing and joining
    private final ArrayDeque<Retry> deadRetries = new ArrayDeque<>();
    private final HashMap<String, Retry> retryByName = new HashMap<>();
    private List<Address> seeds = List.of();
    private int seedAttempts;
    private long seedNextAt;
    private long nextPullAt;
    /** Whether the input being decoded came over a stream: a ping is answered the way it came. */
    private boolean receivingFrame;
    private long lastCorrection = Long.MIN_VALUE / 2;
    private long lastPushPull;
    private long gapSince = -1;
    private int bestAlive;
    private Peer bestSource;
    private int maxKnown;
    private Peer knownSource;
    private IntConsumer joinCallback;
    private Runnable joinRetry = NO_HOOK;
    private final LinkedHashSet<Address> seedsTried = new LinkedHashSet<>();
    private int joinReplies;
    private Loop.Timer joinTimer;
    private Runnable leaveCallback;
    private long leaveDeadline;
    /** A finished join's callback, run once the snapshot holds what the join brought (see {@link #flush}). */
    private IntConsumer joinDone;
    private int joinOutcome;
    /** Who holds this node's name, from the seed that refused its join. */
    private Peer nameHolder;
    private Address nameRefusedBy;
    /** Joins under a name a member holds at another address, by the seq of the ping that checks the holder. */
    private final HashMap<Integer, Claim> claims = new HashMap<>();
    private final HashMap<Peer, Long> conflictsReported = new HashMap<>();
    /** Tag changes waiting to have gone out to a first round of members, oldest first. */
    private final ArrayDeque<TagsSent> tagsSent = new ArrayDeque<>();

    // counters
    private long msgsIn;
    private long msgsOut;
    private long bytesIn;
    private long bytesOut;
    private long dropped;
    private long rejected;
    private long rejectedMissingTag;
    private long rejectedBadTag;
    private long rejectedUnknownKey;
    private long rejectedReplay;
    private long unknownMessages;
    private long probes;
    private long probeFailures;
    private long suspicions;
    private long refutations;

    /** Scratch for a gossip round's targets: the round allocates nothing. */
    private final Peer[] gossipTargets;
    /** Scratch for a probe's indirect relays. */
    private final Peer[] relayTargets;
    private final Runnable probeTask = this::probeTick;
    private final Runnable probeTimeoutTask = this::probeTimedOut;
    private final Runnable roundEndTask = this::probeRoundEnded;
    private final Runnable gossipTask = this::gossipTick;
    private final Runnable pushPullTask = this::pushPullTick;
    private final Runnable reconnectTask = this::reconnectTick;
    private final Runnable reapTask = this::reapTick;

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
     * @param publishSnapshots whether to publish a read snapshot after each change
     */
    public Engine(ClusterConfig config, Loop loop, FailureDetector detector, MessageSigner signer, PeerInterner interner,
            long seed, long initialIncarnation, EngineObserver observer, EventSink events, boolean publishSnapshots) {
        this.config = config;
        this.loop = loop;
        this.detector = detector;
        this.codec = new Codec(interner, signer);
        this.compression = Compression.from(config.options());
        codec.compression(compression.enabled(), compression.threshold(), compression.maxInflated(), null);
        this.observer = observer;
        this.events = events;
        this.publish = publishSnapshots;
        this.random = new SplittableRandom(seed);
        this.table = new MemberTable(publishSnapshots);
        this.awareness = new Awareness(config.awarenessMaxMultiplier());
        this.selfInc = initialIncarnation;
        this.selfTags = Tags.of(config.tags());
        this.probeIntervalNs = config.probeInterval().toNanos();
        this.probeTimeoutNs = config.probeTimeout().toNanos();
        this.gossipIntervalNs = config.gossipInterval().toNanos();
        this.pullCooldownNs = 2 * gossipIntervalNs;
        this.gossipTargets = new Peer[config.gossipFanout()];
        this.relayTargets = new Peer[config.indirectChecks()];
        // drawn from a random of its own, so that the probe and gossip sequence of a seed stays as it was
        this.userStream = new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong() >>> 2;
        long reorder = config.options().duration(REORDER_WINDOW, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofMillis(10), java.time.Duration.ofMinutes(10)).toNanos();
        this.reorderWindowNs = reorder;
        long coalesce = config.options().duration(COALESCE_PERIOD, java.time.Duration.ofMillis(200),
                java.time.Duration.ZERO, java.time.Duration.ofMinutes(10)).toNanos();
        this.userEvents = new UserEvents(loop, reorder, coalesce, this::deliverUserEvent, ownEvents::decrementAndGet);
    }

    /**
     * Shares one deflation (its native deflater and inflater) with the other engines on this thread,
     * as the simulator's engines do; its owner closes it. Set before start.
     *
     * @param shared the deflation
     */
    public void shareDeflation(io.chorus.core.wire.Deflation shared) {
        codec.compression(compression.enabled(), compression.threshold(), compression.maxInflated(), shared);
    }

    /** @param sender sends events over the broadcast limit straight to each member (set before start) */
    public void directEvents(DirectEvents sender) {
        this.directEvents = sender;
    }

    /**
     * Counts one more of this node's own events as spreading, unless {@code max} already are.
     * Thread-safe.
     *
     * @param max the most at once
     * @return whether it was counted; the caller must then {@link #broadcast} it
     */
    public boolean reserveBroadcast(int max) {
        while (true) {
            int n = ownEvents.get();
            if (n >= max) {
                return false;
            }
            if (ownEvents.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Broadcasts a user event reserved with {@link #reserveBroadcast}: delivered here at once (in
     * order), then gossiped, or sent straight to each member when {@code direct}. Runs on the loop.
     *
     * @param topic the topic
     * @param topicBytes its wire bytes
     * @param payload the payload (kept, not copied)
     * @param coalesce whether a newer event of the topic may replace it
     * @param direct whether to send it to each member instead of gossiping it
     */
    public void broadcast(String topic, byte[] topicBytes, byte[] payload, boolean coalesce, boolean direct) {
        if (!running) {
            ownEvents.decrementAndGet();
            return;
        }
        int flags = (coalesce ? Codec.EVENT_COALESCE : 0) | (direct ? Codec.EVENT_DIRECT : 0);
        long seq = coalesce ? ++userCoalesceSeq : ++userSeq;
        long low = coalesce ? 0 : recentLow(seq);
        userEvents.accept(self.id(), userStream, seq, low, flags, topic, payload);
        if (direct) {
            ArrayList<Address> to = new ArrayList<>();
            boolean[] inflates = new boolean[table.size];
            for (int s = 0; s < table.size; s++) {
                if (table.peers[s] != self && table.states[s] <= MemberTable.SUSPECT) {
                    inflates[to.size()] = compression.enabled() && table.inflates[s];
                    to.add(table.peers[s].address());
                }
            }
            ownEvents.decrementAndGet();
            directEvents.send(to, java.util.Arrays.copyOf(inflates, to.size()), self, userStream, seq, low, flags, topicBytes,
                    payload);
        } else if (memberEstimate() <= 1) {
            ownEvents.decrementAndGet(); // alone: delivered here, and there is nobody to tell
        } else {
            userEvents.enqueue(new UserEvents.Item(self, userStream, seq, low, flags, topicBytes, topic, payload, true),
                    packetRoom());
            gossipRound();
        }
        flush();
    }

    /**
     * A user event its origin sent here directly (decoded off the loop). Runs on the loop.
     *
     * @param origin the origin
     * @param stream its stream
     * @param seq the event's number
     * @param low the oldest ordered event its origin still gossiped
     * @param flags event flags
     * @param topic the topic
     * @param payload the payload, a copy this engine keeps
     */
    public void directUserEvent(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] payload) {
        if (running) {
            userEvents.accept(origin, stream, seq, low, flags | Codec.EVENT_DIRECT, topic, payload);
            flush();
        }
    }

    /**
     * @param topic a topic's wire bytes
     * @param payloadLength a payload length
     * @return whether a user event of this node with them fits in a packet (after start; any thread)
     */
    public boolean eventFitsPacket(byte[] topic, int payloadLength) {
        return Codec.userEventSize(self, Long.MAX_VALUE >>> 2, Long.MAX_VALUE >>> 2, Long.MAX_VALUE >>> 2, topic,
                payloadLength) <= packetRoom();
    }

    /**
     * @return the oldest of this node's ordered events broadcast within the reorder window, which may
     *     still be on their way to a node that hears of this stream for the first time
     */
    private long recentLow(long seq) {
        long now = loop.nanos();
        while (!recentEvents.isEmpty() && now - recentEvents.peekFirst()[1] > reorderWindowNs) {
            recentEvents.pollFirst();
        }
        long low = recentEvents.isEmpty() ? seq : recentEvents.peekFirst()[0];
        recentEvents.addLast(new long[] {seq, now});
        if (recentEvents.size() > UserEvents.MAX_HELD) {
            recentEvents.pollFirst();
        }
        return low;
    }

    private int packetRoom() {
        return budget - (4 + self.wireLength() + 10);
    }

    private void deliverUserEvent(UserEvents.Delivery d) {
        userEventsDelivered++;
        if (events.enabled()) {
            events.emit(new ClusterEvent.UserEvent(d.topic(), d.sender(), d.payload()));
        }
    }

    /**
     * Sizes the member table for a cluster of about {@code members}, so that it does not grow by
     * copying (the simulator knows the size up front). Runs on the loop.
     *
     * @param members the expected cluster size
     */
    public void expectMembers(int members) {
        table.ensureCapacity(members);
        if (probeOrder.length < members) {
            probeOrder = java.util.Arrays.copyOf(probeOrder, members);
        }
    }

    /** @return a receiver that copies what transports hand over and runs it on the loop */
    public TransportReceiver receiver() {
        return new TransportReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
                loop.execute(() -> receive(copy, 0, copy.length, false));
            }

            @Override
            public void onFrame(Address from, byte[] data, int offset, int length) {
                byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
                loop.execute(() -> receive(copy, 0, copy.length, true));
            }

            @Override
            public void onDeliveryFailure(Address to, FailureReason reason) {
                // the probe and suspicion machinery decides whether the member is dead; this only
                // says why, when it is: a refused or cut connection is a better reason than silence
                loop.execute(() -> noteDeliveryFailure(to, reason));
            }

            @Override
            public void onDropped(Address from) {
                loop.execute(() -> dropped++);
            }
        };
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts protocol timers. Runs on the loop.
     *
     * @param t the bound transport
     */
    public void start(Transport t) {
        this.transport = t;
        this.budget = t.packetBudget() - codec.trailerLength();
        NodeId id = NodeId.of(config.name(), t.localAddress());
        self = codec.interner().intern(id);
        table.add(self, MemberTable.ALIVE, selfInc, selfTags, loop.nanos());
        stateChanged(self, null, MemberState.ALIVE);
        running = true;
        queue.enqueue(GossipQueue.PRIO_STATE, Codec.ALIVE, self, selfInc, null, selfTags, 0);
        probeTickTimer = loop.reschedule(probeTickTimer, jitter(probeIntervalNs), probeTask);
        gossipTimer = loop.reschedule(gossipTimer, jitter(gossipIntervalNs), gossipTask);
        if (!config.pushPullInterval().isZero()) {
            lastPushPull = loop.nanos();
            pushPullTimer = loop.reschedule(pushPullTimer, jitter(pushPullIntervalNs()), pushPullTask);
        }
        reconnectTimer = loop.reschedule(reconnectTimer, config.reconnectInterval().toNanos(), reconnectTask);
        reapTimer = loop.reschedule(reapTimer, reapIntervalNs(), reapTask);
        dirty = true;
        flush();
    }

    /**
     * Joins through seeds: a SYNC to each, retried with exponential backoff until the join
     * timeout. Runs on the loop.
     *
     * @param seedAddresses the seeds
     * @param done gets the number of seeds that answered, or -1 on timeout
     */
    public void join(List<Address> seedAddresses, IntConsumer done) {
        join(seedAddresses, false, NO_HOOK, config.joinTimeout().toNanos(), done);
    }

    /**
     * Joins through seeds that may change while it tries: a SYNC to each, retried with exponential
     * backoff until the timeout; seeds handed over by {@link #updateSeeds} during the join are
     * contacted at once, and every retry uses the current list. Runs on the loop.
     *
     * @param seedAddresses the seeds known now
     * @param waitForSeeds with no seeds, keep trying until the timeout (discovery failed and may
     *     recover) rather than finish at once as the first node of a new cluster
     * @param beforeRetry runs on the loop before each retry; it may ask discovery for fresh seeds,
     *     which arrive later through {@link #updateSeeds}. It must not block.
     * @param timeoutNanos how long the join keeps trying
     * @param done gets the number of seeds that answered, or -1 on timeout
     */
    public void join(List<Address> seedAddresses, boolean waitForSeeds, Runnable beforeRetry, long timeoutNanos,
            IntConsumer done) {
        this.seeds = withoutSelf(seedAddresses);
        this.seedsTried.clear();
        this.joinCallback = done;
        this.joinRetry = beforeRetry;
        this.joinReplies = 0;
        if (seeds.isEmpty() && !waitForSeeds) {
            finishJoin(0);
            flush();
            return;
        }
        long deadline = loop.nanos() + Math.max(0, timeoutNanos);
        attemptJoin(0, deadline);
    }

    /**
     * Hands over the seeds discovery found now; they replace the list the join retries and the
     * reconnect timer (when this node is alone) contact. During a join, seeds not known before are
     * contacted at once; otherwise, new seeds reset the reconnect backoff so that an isolated node
     * reaches them at its next reconnect tick. Runs on the loop.
     *
     * @param fresh the seeds, possibly including this node's own address (ignored)
     */
    public void updateSeeds(List<Address> fresh) {
        List<Address> next = withoutSelf(fresh);
        if (next.equals(seeds)) {
            return;
        }
        HashSet<Address> before = new HashSet<>(seeds);
        seeds = next;
        if (!running) {
            return;
        }
        boolean added = false;
        for (Address a : next) {
            if (!before.contains(a)) {
                added = true;
                if (joinCallback != null) {
                    contactSeed(a);
                }
            }
        }
        if (added && joinCallback == null) {
            seedAttempts = 0;
            seedNextAt = loop.nanos();
        }
    }

    /** @return every seed the current or last join contacted, in order of first contact. Runs on the loop. */
    public List<Address> seedsTried() {
        return List.copyOf(seedsTried);
    }

    private List<Address> withoutSelf(List<Address> addresses) {
        LinkedHashSet<Address> out = new LinkedHashSet<>(addresses);
        if (self != null) {
            out.remove(self.address());
        }
        return List.copyOf(out);
    }

    private void contactSeed(Address seed) {
        seedsTried.add(seed);
        sendSync(seed, Codec.SYNC_JOIN, true, false);
    }

    private void attemptJoin(int attempt, long deadline) {
        if (joinCallback == null || !running) {
            return;
        }
        long now = loop.nanos();
        if (now >= deadline) {
            IntConsumer cb = joinCallback;
            joinCallback = null;
            joinRetry = NO_HOOK;
            cb.accept(JOIN_TIMED_OUT);
            return;
        }
        if (attempt > 0) {
            joinRetry.run();
        }
        for (Address seed : seeds) {
            contactSeed(seed);
        }
        long backoff = Math.min(config.reconnectMaxInterval().toNanos(), (250 * MS) << Math.min(attempt, 16));
        long delay = Math.min(jitter(backoff), deadline - now);
        joinTimer = loop.schedule(delay, () -> attemptJoin(attempt + 1, deadline));
    }

    /**
     * Ends the join. Its caller hears of it only after the next {@link #flush}, which publishes the
     * snapshot: a caller released earlier could read a view without the members the join brought.
     */
    private void finishJoin(int outcome) {
        IntConsumer cb = joinCallback;
        joinCallback = null;
        joinRetry = NO_HOOK;
        if (joinTimer != null) {
            joinTimer.cancel();
            joinTimer = null;
        }
        if (cb != null) {
            joinDone = cb;
            joinOutcome = outcome;
        }
    }

    /** @return the member that holds this node's name, from the seed that refused the last join, or null (loop only) */
    public Peer nameHolder() {
        return nameHolder;
    }

    /** @return the seed that refused the last join, or null (loop only) */
    public Address nameRefusedBy() {
        return nameRefusedBy;
    }

    /**
     * Leaves: LEFT at the highest priority, gossiped until it has spread or the leave timeout
     * passes; then stops. Runs on the loop.
     *
     * @param done runs once the node has stopped
     */
    public void leave(Runnable done) {
        if (!running) {
            done.run();
            return;
        }
        if (leaving) {
            Runnable prev = leaveCallback;
            leaveCallback = () -> {
                prev.run();
                done.run();
            };
            return;
        }
        leaving = true;
        leaveCallback = done;
        leaveDeadline = loop.nanos() + config.leaveTimeout().toNanos();
        int slot = table.find(self);
        table.setState(slot, MemberTable.LEFT, loop.nanos());
        stateChanged(self, MemberState.ALIVE, MemberState.LEFT);
        queue.enqueue(GossipQueue.PRIO_DEATH, Codec.LEFT, self, selfInc, null, null, 0);
        dirty = true;
        gossipTick();
    }

    private void checkLeaveDone() {
        int sent = queue.transmits(self.name());
        boolean spread = sent < 0 || sent >= Math.min(retransmitLimit(), 2 * config.gossipFanout());
        boolean alone = table.counts[MemberTable.ALIVE] + table.counts[MemberTable.SUSPECT] == 0;
        if (spread || alone || loop.nanos() >= leaveDeadline) {
            Runnable cb = leaveCallback;
            leaveCallback = null;
            stop();
            if (cb != null) {
                cb.run();
            }
        }
    }

    /** Stops every timer; the node stops answering. Runs on the loop. Does not close the transport. */
    public void stop() {
        running = false;
        userEvents.clear();
        codec.closeDeflation();
        cancel(probeTimer);
        cancel(roundTimer);
        cancel(joinTimer);
        if (joinCallback != null) {
            finishJoin(JOIN_TIMED_OUT);
        }
        for (Claim c : claims.values()) {
            cancel(c.timer);
        }
        claims.clear();
        while (!tagsSent.isEmpty()) {
            tagsSent.pollFirst().done.run(false);
        }
        flush();
    }

    /** @return whether the node runs */
    public boolean running() {
        return running;
    }

    /**
     * Replaces the local tags: raises the incarnation and gossips the change. Runs on the loop.
     *
     * @param tags the new tags
     */
    public void updateTags(Map<String, String> tags) {
        updateTags(tags, (sent) -> { });
    }

    /** Told whether a change went out to a first round of members (true), or the node stopped first (false). */
    @FunctionalInterface
    public interface SentCallback {
        /** @param sent true once sent, false if the node stopped first */
        void run(boolean sent);
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
        int others = memberEstimate() - 1;
        if (t.equals(selfTags) || !running || others <= 0) {
            if (!t.equals(selfTags) && running) {
                changeTags(t);
            }
            sent.run(running);
            return;
        }
        changeTags(t);
        tagsSent.addLast(new TagsSent(Math.min(config.gossipFanout(), others), sent));
        flush();
    }

    private void changeTags(Tags t) {
        Member before = events.enabled() ? table.member(table.find(self)) : null;
        selfTags = t;
        selfInc++;
        int slot = table.find(self);
        table.tags[slot] = t;
        table.incs[slot] = selfInc;
        table.invalidate(slot);
        queue.enqueue(GossipQueue.PRIO_TAGS, Codec.ALIVE, self, selfInc, null, selfTags, 0);
        if (before != null) {
            events.emit(new ClusterEvent.MemberUpdated(before, table.member(slot)));
        }
        dirty = true;
        flush();
    }

    /**
     * Tells the tag changes that have gone out to their first round: the pending update about this
     * node (the latest change, or a refutation that carries it) sent often enough, or no longer
     * pending at all.
     */
    private void checkTagsSent() {
        int transmits = queue.transmits(self.name());
        while (!tagsSent.isEmpty() && (transmits < 0 || transmits >= tagsSent.peekFirst().needed)) {
            tagsSent.pollFirst().done.run(true);
        }
    }

    private record TagsSent(int needed, SentCallback done) {
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Handles one packet or frame. Runs on the loop.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param frame whether it came over a stream
     */
    public void receive(byte[] b, int off, int len, boolean frame) {
        if (!running) {
            return;
        }
        msgsIn++;
        bytesIn += len;
        receivingFrame = frame;
        Codec.Outcome outcome = codec.decode(b, off, len, this);
        switch (outcome) {
            case OK:
                afterHeader();
                break;
            case DROPPED:
                dropped++;
                break;
            case MISSING_SIGNATURE:
                rejected++;
                rejectedMissingTag++;
                break;
            case UNKNOWN_KEY:
                rejected++;
                rejectedUnknownKey++;
                break;
            case REPLAYED:
                rejected++;
                rejectedReplay++;
                break;
            default:
                rejected++;
                rejectedBadTag++;
                break;
        }
        flush();
    }

    private void afterHeader() {
        Peer sender = codec.lastSender();
        if (sender == null || sender == self) {
            return;
        }
        int slot = table.find(sender);
        if (slot < 0) {
            return;
        }
        byte state = table.states[slot];
        long now = loop.nanos();
        if (state == MemberTable.DEAD && table.peers[slot] == sender) {
            // a member we hold dead is talking to us: exchange state so that it refutes and we learn it
            if (now >= nextPullAt) {
                nextPullAt = now + pullCooldownNs;
                sendSync(sender.address(), 0, true, codec.lastSenderInflates());
            }
            return;
        }
        if (state <= MemberTable.SUSPECT && table.peers[slot] == sender) {
            table.inflates[slot] = codec.lastSenderInflates();
        }
        if (state == MemberTable.SUSPECT && table.peers[slot] == sender) {
            Suspicion s = table.suspicions[slot];
            if (s != null && now >= s.nextNudgeAt) {
                // Lifeguard's buddy system for a suspect that talks to us before we probe it again:
                // tell it, so that it refutes (or repeats a refutation that missed us)
                s.nextNudgeAt = now + probeIntervalNs;
                codec.begin(out, self, aliveCount(), table.size);
                Codec.update(out, Codec.SUSPECT, sender, table.incs[slot], s.firstSuspector, null, 0);
                sendPacket(sender.address(), true, sender.name());
            }
        }
        if (state <= MemberTable.SUSPECT) {
            table.heardAt[slot] = now;
            detector.heartbeat(sender.id(), now);
            considerPull(sender, now);
        }
    }

    /**
     * Anti-entropy on demand: every header advertises how many members its sender sees ALIVE and
     * knows at all. A node far behind (a join storm, a healed partition) pulls the full state from
     * the best-informed sender it heard; a node missing a few members pulls once the gap has
     * outlasted a couple of gossip rounds. Rate-limited, so a cluster at rest never pulls.
     */
    private void considerPull(Peer sender, long now) {
        int theirs = codec.lastSenderAlive();
        if (theirs > bestAlive) {
            bestAlive = theirs;
            bestSource = sender;
        }
        int known = codec.lastSenderKnown();
        if (known > maxKnown) {
            maxKnown = known;
            knownSource = sender;
        }
        if (maxKnown <= table.size) {
            gapSince = -1;
        } else if (gapSince < 0) {
            gapSince = now;
        }
        if (now < nextPullAt) {
            return;
        }
        int mine = table.counts[MemberTable.ALIVE];
        Peer from = null;
        if (bestSource != null && bestAlive - mine >= pullThreshold(mine)) {
            from = bestSource;
        } else if (gapSince >= 0 && now - gapSince >= pullCooldownNs && knownSource != null) {
            from = knownSource;
        }
        if (from != null) {
            nextPullAt = now + pullCooldownNs;
            bestAlive = 0;
            bestSource = null;
            maxKnown = 0;
            knownSource = null;
            gapSince = -1;
            sendDigest(from);
        }
    }

    private void sendDigest(Peer from) {
        Address to = from.address();
        int salt = random.nextInt();
        long[] digestKeys = new long[table.size];
        for (int s = 0; s < table.size; s++) {
            digestKeys[s] = Codec.digestKey(table.wireHashes[s], table.incs[s], table.states[s], salt);
        }
        codec.begin(frameOut, self, aliveCount(), table.size);
        Codec.digest(frameOut, salt, digestKeys, table.size);
        sendFrame(to, inflates(from));
    }

    @Override
    public void digest(Digest digest) {
        int salt = digest.salt();
        int[] deltaSlots = new int[table.size];
        int n = 0;
        for (int s = 0; s < table.size; s++) {
            if (!digest.mightContain(Codec.digestKey(table.wireHashes[s], table.incs[s], table.states[s], salt))) {
                deltaSlots[n++] = s;
            }
        }
        codec.begin(frameOut, self, aliveCount(), table.size);
        int mark = Codec.beginSync(frameOut, Codec.SYNC_REPLY, n);
        for (int i = 0; i < n; i++) {
            int s = deltaSlots[i];
            Codec.syncEntry(frameOut, table.peers[s], table.states[s], table.incs[s], table.tags[s]);
        }
        Codec.endSync(frameOut, mark);
        sendFrame(codec.lastSender().address(), codec.lastSenderInflates());
    }

    /** @return whether the member's last header said it inflates compressed frames */
    private boolean inflates(Peer p) {
        int slot = table.find(p);
        return slot >= 0 && table.peers[slot] == p && table.inflates[slot];
    }

    private void sendFrame(Address to, boolean compress) {
        codec.finish(frameOut, compress && transport.supportsFrames());
        int len = frameOut.position();
        countSent(len);
        if (transport.supportsFrames()) {
            transport.sendFrame(to, frameOut.buffer(), 0, len);
        } else if (len <= transport.packetBudget()) {
            transport.sendPacket(to, frameOut.buffer(), 0, len);
        }
        releaseFrameBuffer();
    }

    private void releaseFrameBuffer() {
        if (frameOut.buffer().length > FRAME_BUFFER) {
            frameOut = new WireWriter(FRAME_BUFFER);
        }
    }

    private static int pullThreshold(int mine) {
        return Math.max(4, mine / 16);
    }

    @Override
    public void ping(int seq, Peer target) {
        if (!target.name().equals(self.name())) {
            return;
        }
        Peer sender = codec.lastSender();
        codec.begin(out, self, aliveCount(), table.size);
        Codec.ack(out, Codec.ACK, seq);
        if (receivingFrame) {
            // the stream fallback probe: answer over the stream too, since packets may not get through
            codec.finish(out);
            countSent(out.position());
            transport.sendFrame(sender.address(), out.buffer(), 0, out.position());
        } else {
            sendPacket(sender.address(), true, null);
        }
    }

    @Override
    public void ack(int seq) {
        if (seq == probeSeq && !probeAcked) {
            probeAcked = true;
            detector.heartbeat(probeTarget.id(), loop.nanos());
            awareness.apply(-1);
            cancel(probeTimer);
            cancel(roundTimer);
            long next = Math.max(0, probeStart + probeIntervalNs - loop.nanos());
            probeTickTimer = loop.reschedule(probeTickTimer, next, probeTask);
            return;
        }
        Relay relay = relays.remove(seq);
        if (relay != null) {
            cancel(relay.timer);
            codec.begin(out, self, aliveCount(), table.size);
            Codec.ack(out, Codec.ACK, relay.originSeq);
            sendPacket(relay.origin.address(), true, null);
            return;
        }
        Claim claim = claims.get(seq);
        if (claim != null && codec.lastSender() == claim.holder) {
            // the member that holds the name answered: it is alive, and the join is refused
            claims.remove(seq);
            cancel(claim.timer);
            refuseName(claim.holder, claim.claimant);
            return;
        }
        Peer dead = reconnectPings.remove(seq);
        if (dead != null) {
            sendSync(dead.address(), 0, true, codec.lastSenderInflates());
        }
    }

    @Override
    public void nack(int seq) {
        if (seq == probeSeq) {
            nacks++;
        }
    }

    @Override
    public void pingReq(int seq, Peer target) {
        Peer origin = codec.lastSender();
        int relaySeq = nextSeq();
        Relay relay = new Relay(origin, seq);
        relays.put(relaySeq, relay);
        codec.begin(out, self, aliveCount(), table.size);
        Codec.ping(out, relaySeq, target);
        sendPacket(target.address(), true, null);
        relay.timer = loop.schedule(probeTimeoutNs * 4 / 5, () -> {
            if (relays.remove(relaySeq) != null) {
                codec.begin(out, self, aliveCount(), table.size);
                Codec.ack(out, Codec.NACK, seq);
                sendPacket(origin.address(), false, null);
                flush();
            }
        });
    }

    @Override
    public void alive(Peer member, long inc, TagsReader tags) throws CodecException {
        onAlive(member, inc, tags, SRC_GOSSIP);
    }

    @Override
    public void suspect(Peer member, long inc, Peer from) {
        onSuspect(member, inc, from, SRC_GOSSIP);
    }

    @Override
    public void dead(Peer member, long inc, Peer from, int reason) {
        onDead(member, inc, from, reason, SRC_GOSSIP);
    }

    @Override
    public void left(Peer member, long inc) {
        onLeft(member, inc, SRC_GOSSIP);
    }

    @Override
    public void unknown(int type) {
        unknownMessages++;
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        if (origin.name().equals(self.name())) {
            return;
        }
        byte[] payload = userEvents.acceptCopy(origin.id(), stream, seq, low, flags, topic, b, off, len);
        if (payload != null && (flags & Codec.EVENT_DIRECT) == 0) {
            userEvents.enqueue(new UserEvents.Item(origin, stream, seq, low, flags, topic.getBytes(
                    java.nio.charset.StandardCharsets.ISO_8859_1), topic, payload, false), packetRoom());
        }
    }

    @Override
    public void sync(int flags, SyncReader entries) throws CodecException {
        Peer sender = codec.lastSender();
        if ((flags & Codec.SYNC_JOIN) != 0 && nameTaken(sender, entries)) {
            return;
        }
        int src = (flags & Codec.SYNC_JOIN) != 0 ? SRC_JOIN : SRC_SYNC;
        int n = entries.count();
        for (int i = 0; i < n; i++) {
            Peer p = entries.next();
            merge(p, entries.state(), entries.incarnation(), entries, sender, src);
        }
        if ((flags & Codec.SYNC_REPLY) == 0) {
            sendSync(sender.address(), Codec.SYNC_REPLY, true, codec.lastSenderInflates());
        } else if (joinCallback != null) {
            joinReplies++;
            finishJoin(joinReplies);
        }
    }

    /** Merges one entry of a full state. */
    private void merge(Peer p, int state, long inc, TagsReader tags, Peer sender, int src) throws CodecException {
        switch (state) {
            case MemberTable.ALIVE:
                onAlive(p, inc, tags, src);
                break;
            case MemberTable.LEFT:
                onLeft(p, inc, src);
                break;
            default:
                relayAccusation(p, inc, sender, src);
                break;
        }
    }

    // ------------------------------------------------------------------ names

    /**
     * A join whose sender has a name some live member holds at another address is not merged.
     * When that member is this node, the join is refused at once. When it is another member, that
     * member is pinged: an answer within the probe timeout refuses the join; silence means the name
     * moved (a node that restarted at a new address) and the join is merged then, as usual.
     *
     * @return whether the join was held back
     */
    private boolean nameTaken(Peer claimant, SyncReader entries) throws CodecException {
        if (claimant == self) {
            return false;
        }
        if (claimant.name().equals(self.name())) {
            refuseName(self, claimant);
            return true;
        }
        int slot = table.find(claimant);
        if (slot < 0 || table.peers[slot] == claimant || table.states[slot] > MemberTable.SUSPECT) {
            return false;
        }
        for (Claim c : claims.values()) {
            if (c.claimant == claimant) {
                return true; // being checked: its next retry finds the outcome
            }
        }
        if (claims.size() >= MAX_CLAIMS) {
            return true;
        }
        Peer holder = table.peers[slot];
        int n = entries.count();
        ArrayList<Entry> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Peer p = entries.next();
            held.add(new Entry(p, entries.state(), entries.incarnation(), entries.tags(null)));
        }
        int seq = nextSeq();
        Claim c = new Claim(claimant, holder, codec.lastSenderInflates(), held);
        claims.put(seq, c);
        codec.begin(out, self, aliveCount(), table.size);
        Codec.ping(out, seq, holder);
        sendPacket(holder.address(), false, null);
        if (transport.supportsFrames()) {
            codec.begin(out, self, aliveCount(), table.size);
            Codec.ping(out, seq, holder);
            codec.finish(out);
            countSent(out.position());
            transport.sendFrame(holder.address(), out.buffer(), 0, out.position());
        }
        c.timer = loop.schedule(probeTimeoutNs, () -> claimUnanswered(seq));
        return true;
    }

    /** The member that held a claimed name did not answer: the name moved, and the join goes ahead. */
    private void claimUnanswered(int seq) {
        Claim c = claims.remove(seq);
        if (c == null || !running) {
            return;
        }
        try {
            for (Entry e : c.entries) {
                merge(e.peer, e.state, e.inc, current -> e.tags, c.claimant, SRC_JOIN);
            }
        } catch (CodecException impossible) {
            throw new IllegalStateException(impossible);
        }
        sendSync(c.claimant.address(), Codec.SYNC_REPLY, true, c.inflates);
        flush();
    }

    /** Refuses a join: the claimant hears who holds the name; the holder hears of the claim. */
    private void refuseName(Peer holder, Peer claimant) {
        codec.begin(out, self, aliveCount(), table.size);
        Codec.nameConflict(out, holder, claimant);
        sendPacket(claimant.address(), false, null);
        if (holder == self) {
            reportConflict(claimant);
        } else {
            codec.begin(out, self, aliveCount(), table.size);
            Codec.nameConflict(out, holder, claimant);
            sendPacket(holder.address(), false, null);
        }
    }

    @Override
    public void nameConflict(Peer holder, Peer claimant) {
        if (claimant == self && joinCallback != null && holder != self) {
            nameHolder = holder;
            nameRefusedBy = codec.lastSender().address();
            seeds = List.of(); // a refused node does not knock again at each reconnect tick
            finishJoin(JOIN_REFUSED);
        } else if (holder == self && claimant != self && claimant.name().equals(self.name())) {
            reportConflict(claimant);
        }
    }

    /** A node at another address claims this node's name: one event per claimant every few seconds. */
    private void reportConflict(Peer claimant) {
        long now = loop.nanos();
        Long last = conflictsReported.get(claimant);
        if (last != null && now - last < CONFLICT_REPORT_NS) {
            return;
        }
        if (conflictsReported.size() > 256) {
            conflictsReported.clear();
        }
        conflictsReported.put(claimant, now);
        if (events.enabled()) {
            events.emit(new ClusterEvent.NameConflict(self.id(), claimant.id()));
        }
    }

    private record Entry(Peer peer, int state, long inc, Tags tags) {
    }

    private static final class Claim {
        final Peer claimant;
        final Peer holder;
        final boolean inflates;
        final List<Entry> entries;
        Loop.Timer timer;

        Claim(Peer claimant, Peer holder, boolean inflates, List<Entry> entries) {
            this.claimant = claimant;
            this.holder = holder;
            this.inflates = inflates;
            this.entries = entries;
        }
    }

    /**
     * A full state says a member is SUSPECT or DEAD. If we hold it ALIVE at that very incarnation,
     * the accusation is second-hand and possibly stale (the other side of a healed partition): we
     * tell the member directly, so that it refutes, rather than suspect it ourselves, which would
     * let echoes of one old verdict confirm each other into a false death. Anything newer is a
     * suspicion here, as in memberlist: the member still gets its chance to refute.
     */
    private void relayAccusation(Peer p, long inc, Peer sender, int src) {
        int slot = p == self ? -1 : table.find(p);
        if (slot >= 0 && table.states[slot] == MemberTable.SUSPECT && table.incs[slot] == inc) {
            return; // already suspected here; a second-hand verdict is no independent confirmation
        }
        if (slot >= 0 && table.states[slot] == MemberTable.ALIVE && table.incs[slot] == inc && table.peers[slot] == p) {
            long now = loop.nanos();
            Long last = accusationsRelayed.get(p.name());
            if (last == null || now - last >= probeIntervalNs) {
                if (accusationsRelayed.size() > 4096) {
                    accusationsRelayed.clear();
                }
                accusationsRelayed.put(p.name(), now);
                codec.begin(out, self, aliveCount(), table.size);
                Codec.update(out, Codec.SUSPECT, p, inc, self, null, 0);
                sendPacket(p.address(), false, null);
            }
            return;
        }
        onSuspect(p, inc, sender, src);
    }

    // ------------------------------------------------------------------ membership updates

    private void onAlive(Peer p, long inc, TagsReader tags, int src) throws CodecException {
        if (p.name().equals(self.name())) {
            if (leaving) {
                return;
            }
            if (inc > selfInc || (p != self && inc >= selfInc)) {
                // an earlier life of this node, or an impostor address: outrank it
                if (p != self) {
                    reportConflict(p);
                }
                refute(inc);
            }
            return;
        }
        int slot = table.find(p);
        long now = loop.nanos();
        if (slot < 0) {
            Tags t = tags.read(null);
            slot = table.add(p, MemberTable.ALIVE, inc, t, now);
            addToProbeOrder(p);
            stateChanged(p, null, MemberState.ALIVE);
            if (src != SRC_SYNC) {
                queue.enqueue(GossipQueue.PRIO_STATE, Codec.ALIVE, p, inc, null, t, 0);
            }
            if (events.enabled()) {
                events.emit(new ClusterEvent.MemberJoined(table.member(slot)));
            }
            dirty = true;
            return;
        }
        byte old = table.states[slot];
        if (!MergeRules.supersedes(MemberTable.ALIVE, inc, old, table.incs[slot])) {
            return;
        }
        Member before = events.enabled() ? table.member(slot) : null;
        Tags oldTags = table.tags[slot];
        Tags t = tags.read(oldTags);
        boolean moved = table.peers[slot] != p;
        table.setPeer(slot, p);
        table.incs[slot] = inc;
        table.tags[slot] = t;
        endSuspicion(slot);
        if (old != MemberTable.ALIVE) {
            table.setState(slot, MemberTable.ALIVE, now);
            stateChanged(p, MemberTable.STATES[old], MemberState.ALIVE);
            retryByName.remove(p.name());
            if (old != MemberTable.SUSPECT) {
                addToProbeOrder(p);
            }
        } else {
            table.invalidate(slot);
            observer.aliveUpdated(this, p, inc);
        }
        boolean news = old != MemberTable.ALIVE || moved || t != oldTags;
        if (src != SRC_SYNC || old != MemberTable.ALIVE) {
            int prio = old == MemberTable.ALIVE && !moved ? GossipQueue.PRIO_TAGS : GossipQueue.PRIO_STATE;
            queue.enqueue(prio, Codec.ALIVE, p, inc, null, t, 0);
        }
        if (before != null && news) {
            Member now2 = table.member(slot);
            if (old == MemberTable.SUSPECT) {
                events.emit(new ClusterEvent.MemberRecovered(now2));
            } else if (old != MemberTable.ALIVE) {
                events.emit(new ClusterEvent.MemberJoined(now2));
            } else {
                events.emit(new ClusterEvent.MemberUpdated(before, now2));
            }
        }
        dirty = true;
    }

    private void onSuspect(Peer p, long inc, Peer from, int src) {
        if (accusesSelf(p, inc)) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        byte old = table.states[slot];
        long known = table.incs[slot];
        if (old == MemberTable.SUSPECT && inc == known) {
            Suspicion s = table.suspicions[slot];
            if (s != null && s.confirm(from)) {
                reschedule(slot, s);
                queue.enqueue(GossipQueue.PRIO_STATE, Codec.SUSPECT, p, inc, from, null, 0);
            }
            return;
        }
        if (!MergeRules.supersedes(MemberTable.SUSPECT, inc, old, known)) {
            ignoreAccusation(slot, inc, src);
            return;
        }
        table.incs[slot] = inc;
        table.setState(slot, MemberTable.SUSPECT, loop.nanos());
        stateChanged(p, MemberTable.STATES[old], MemberState.SUSPECT);
        startSuspicion(slot, p, from);
        if (old >= MemberTable.DEAD) {
            retryByName.remove(p.name());
            addToProbeOrder(p);
        }
        queue.enqueue(GossipQueue.PRIO_STATE, Codec.SUSPECT, p, inc, from, null, 0);
        if (events.enabled()) {
            events.emit(new ClusterEvent.MemberSuspected(table.member(slot)));
        }
        dirty = true;
    }

    private void onDead(Peer p, long inc, Peer from, int reason, int src) {
        if (accusesSelf(p, inc)) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        byte old = table.states[slot];
        if (!MergeRules.supersedes(MemberTable.DEAD, inc, old, table.incs[slot])) {
            ignoreAccusation(slot, inc, src);
            return;
        }
        declareDead(slot, p, inc, from, reason);
    }

    private void declareDead(int slot, Peer p, long inc, Peer from, int reason) {
        byte old = table.states[slot];
        table.incs[slot] = inc;
        endSuspicion(slot);
        table.setState(slot, MemberTable.DEAD, loop.nanos());
        stateChanged(p, MemberTable.STATES[old], MemberState.DEAD);
        detector.remove(p.id());
        queue.enqueue(GossipQueue.PRIO_DEATH, Codec.DEAD, p, inc, from, null, reason);
        scheduleRetry(p);
        if (events.enabled()) {
            FailureReason[] reasons = FailureReason.values();
            events.emit(new ClusterEvent.MemberFailed(table.member(slot), reasons[Math.min(reason, reasons.length - 1)]));
        }
        dirty = true;
    }

    private void onLeft(Peer p, long inc, int src) {
        if (p.name().equals(self.name())) {
            if (!leaving && inc >= selfInc && p != self) {
                refute(inc);
            } else if (!leaving && inc > selfInc) {
                refute(inc);
            }
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        byte old = table.states[slot];
        if (!MergeRules.supersedes(MemberTable.LEFT, inc, old, table.incs[slot])) {
            return;
        }
        table.incs[slot] = inc;
        endSuspicion(slot);
        table.setState(slot, MemberTable.LEFT, loop.nanos());
        stateChanged(p, MemberTable.STATES[old], MemberState.LEFT);
        detector.remove(p.id());
        retryByName.remove(p.name());
        if (src != SRC_SYNC) {
            queue.enqueue(GossipQueue.PRIO_DEATH, Codec.LEFT, p, inc, null, null, 0);
        }
        if (events.enabled()) {
            events.emit(new ClusterEvent.MemberLeft(table.member(slot)));
        }
        dirty = true;
    }

    /**
     * A suspicion or death about this node: refuted when it is about the current incarnation,
     * and the sender told the current state either way.
     *
     * @return whether {@code p} is this node (then nothing else applies)
     */
    private boolean accusesSelf(Peer p, long inc) {
        if (!p.name().equals(self.name())) {
            return false;
        }
        if (!leaving) {
            if (inc >= selfInc) {
                refute(inc);
            }
            correctSender(table.find(self));
        }
        return true;
    }

    /** A gossiped accusation lost to what we know: older than a refutation, or about a member that left. */
    private void ignoreAccusation(int slot, long inc, int src) {
        byte known = table.states[slot];
        if (src == SRC_GOSSIP && (known == MemberTable.ALIVE && inc < table.incs[slot] || known == MemberTable.LEFT)) {
            correctSender(slot);
        }
    }

    /**
     * The sender passed on an accusation older than what this node knows: the member refuted it
     * (this node itself, perhaps), or it left gracefully, and that news missed the sender. Gossip
     * alone may go on missing it, and then nothing corrects the sender's view before its suspicion
     * runs out (a false DEAD, or DEAD for a member that left), so answer it directly with the
     * member's current state: ALIVE at its new incarnation, or LEFT. At most one such answer per
     * eighth of a gossip interval, so a flood of stale rumors cannot turn into a flood of answers.
     */
    private void correctSender(int slot) {
        Peer sender = codec.lastSender();
        long now = loop.nanos();
        if (sender == null || sender == self || slot < 0 || now - lastCorrection < gossipIntervalNs / 8) {
            return;
        }
        lastCorrection = now;
        Peer p = table.peers[slot];
        codec.begin(out, self, aliveCount(), table.size);
        if (table.states[slot] == MemberTable.LEFT) {
            Codec.update(out, Codec.LEFT, p, table.incs[slot], null, null, 0);
        } else {
            long inc = p == self ? selfInc : table.incs[slot];
            Codec.update(out, Codec.ALIVE, p, inc, null, p == self ? selfTags : table.tags[slot], 0);
        }
        sendPacket(sender.address(), true, p.name());
    }

    private void refute(long accused) {
        selfInc = Math.max(selfInc, accused) + 1;
        int slot = table.find(self);
        table.incs[slot] = selfInc;
        table.invalidate(slot);
        awareness.apply(1);
        refutations++;
        // our own refutation outranks everything we relay: a suspicion runs on a clock
        queue.enqueue(GossipQueue.PRIO_DEATH, Codec.ALIVE, self, selfInc, null, selfTags, 0);
        dirty = true;
    }

    // ------------------------------------------------------------------ suspicion

    private void startSuspicion(int slot, Peer p, Peer from) {
        endSuspicion(slot);
        int n = memberEstimate();
        long min = SuspicionTimeout.min(n, config.suspicionMultiplier(), probeIntervalNs);
        long max = min * config.suspicionMaxMultiplier();
        int k = config.suspicionMultiplier() - 2;
        if (n - 2 < k || k < 0) {
            k = 0;
        }
        Suspicion s = new Suspicion(loop.nanos(), min, max, k, from);
        table.suspicions[slot] = s;
        reschedule(slot, s);
    }

    private void reschedule(int slot, Suspicion s) {
        cancel(s.timer);
        Peer p = table.peers[slot];
        long inc = table.incs[slot];
        long delay = Math.max(0, s.deadline() - loop.nanos());
        s.timer = loop.schedule(delay, () -> suspicionExpired(p, inc, s));
    }

    private void noteDeliveryFailure(Address to, FailureReason reason) {
        if (deliveryFailures.size() > 1024) {
            deliveryFailures.clear();
        }
        deliveryFailures.put(to, new DeliveryFailure(reason, loop.nanos()));
    }

    /** @return why a member we are about to declare dead is dead: a connection failure seen during the suspicion, else silence */
    private int failureReason(Peer p, Suspicion s) {
        DeliveryFailure f = deliveryFailures.remove(p.address());
        return f != null && f.at >= s.start - probeIntervalNs ? f.reason.ordinal() : FailureReason.PROBE_TIMEOUT.ordinal();
    }

    private record DeliveryFailure(FailureReason reason, long at) {
    }

    private void suspicionExpired(Peer p, long inc, Suspicion s) {
        if (!running) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0 || table.suspicions[slot] != s || table.states[slot] != MemberTable.SUSPECT || table.incs[slot] != inc) {
            return;
        }
        if (table.heardAt[slot] > s.start && s.deferrals < MAX_DEFERRALS) {
            // it has spoken to us since we began to suspect it: it is alive and has missed the
            // news; tell it directly and give it one more minimum timeout to refute
            s.deferrals++;
            codec.begin(out, self, aliveCount(), table.size);
            Codec.update(out, Codec.SUSPECT, p, inc, s.firstSuspector, null, 0);
            sendPacket(p.address(), false, null);
            s.timer = loop.schedule(s.min, () -> suspicionExpired(p, inc, s));
            flush();
            return;
        }
        observer.deathDeclared(this, p, s.start);
        declareDead(slot, p, inc, self, failureReason(p, s));
        flush();
    }

    private void endSuspicion(int slot) {
        Suspicion s = table.suspicions[slot];
        if (s != null) {
            cancel(s.timer);
            table.suspicions[slot] = null;
        }
    }

    // ------------------------------------------------------------------ probing

    private void probeTick() {
        if (!running || leaving) {
            return;
        }
        Peer target = nextProbeTarget();
        if (target == null) {
            probeTickTimer = loop.reschedule(probeTickTimer, probeIntervalNs, probeTask);
            return;
        }
        probes++;
        probeSeq = nextSeq();
        probeTarget = target;
        probeAcked = false;
        expectedNacks = 0;
        nacks = 0;
        probeStart = loop.nanos();
        codec.begin(out, self, aliveCount(), table.size);
        Codec.ping(out, probeSeq, target);
        String buddy = null;
        int slot = table.find(target);
        probeInc = slot >= 0 ? table.incs[slot] : -1;
        Suspicion s = slot >= 0 ? table.suspicions[slot] : null;
        if (s != null && s.firstSuspector != null) {
            // Lifeguard's buddy system: tell a suspect directly, so it can refute at once
            int size = Codec.updateSize(Codec.SUSPECT, target, table.incs[slot], s.firstSuspector, null);
            if (out.position() + size <= budget) {
                Codec.update(out, Codec.SUSPECT, target, table.incs[slot], s.firstSuspector, null, 0);
                buddy = target.name();
            }
        }
        sendPacket(target.address(), true, buddy);
        probeTimer = loop.reschedule(probeTimer, awareness.scale(probeTimeoutNs), probeTimeoutTask);
        roundTimer = loop.reschedule(roundTimer, awareness.scale(probeIntervalNs), roundEndTask);
        flush();
    }

    private void probeTimedOut() {
        if (!running || probeAcked) {
            return;
        }
        Peer target = probeTarget;
        int k = config.indirectChecks();
        int tries = 0;
        int sentTo = 0;
        Peer[] chosen = relayTargets;
        while (sentTo < k && tries++ < 3 * k + 3 && table.size > 2) {
            Peer relay = table.peers[random.nextInt(table.size)];
            int slot = table.find(relay);
            if (relay == self || relay == target || table.states[slot] != MemberTable.ALIVE || contains(chosen, sentTo, relay)) {
                continue;
            }
            chosen[sentTo++] = relay;
            codec.begin(out, self, aliveCount(), table.size);
            Codec.pingReq(out, probeSeq, target);
            sendPacket(relay.address(), true, null);
        }
        expectedNacks = sentTo;
        if (transport.supportsFrames()) {
            // memberlist's TCP fallback: a ping over the stream in parallel with the indirect
            // probes, so a network that drops datagrams does not get a healthy member suspected
            codec.begin(out, self, aliveCount(), table.size);
            Codec.ping(out, probeSeq, target);
            codec.finish(out);
            countSent(out.position());
            transport.sendFrame(target.address(), out.buffer(), 0, out.position());
        }
        flush();
    }

    private void countSent(int len) {
        msgsOut++;
        bytesOut += len;
    }

    private void probeRoundEnded() {
        if (!running) {
            return;
        }
        if (!probeAcked) {
            probeFailures++;
            awareness.apply(expectedNacks > 0 ? Math.max(0, expectedNacks - nacks) : 1);
            Peer target = probeTarget;
            int slot = table.find(target);
            // a member that came back (a refutation, or a restart at the same address) while the
            // probe ran is not the one that failed to answer
            if (slot >= 0 && table.peers[slot] == target && table.incs[slot] == probeInc
                    && table.states[slot] <= MemberTable.SUSPECT && detector.suspect(target.id(), loop.nanos())) {
                if (table.states[slot] == MemberTable.ALIVE) {
                    suspicions++;
                    observer.suspicionRaised(this, target);
                }
                onSuspect(target, probeInc, self, SRC_PROBE);
            }
        }
        probeSeq = -1;
        probeTickTimer = loop.reschedule(probeTickTimer, 0, probeTask);
        flush();
    }

    private Peer nextProbeTarget() {
        for (int guard = 0; guard < 2; guard++) {
            while (probeIndex < probeCount) {
                Peer p = probeOrder[probeIndex++];
                int slot = table.find(p);
                if (slot >= 0 && table.peers[slot] == p && table.states[slot] <= MemberTable.SUSPECT) {
                    return p;
                }
            }
            rebuildProbeOrder();
        }
        return null;
    }

    private void rebuildProbeOrder() {
        if (probeOrder.length < table.size) {
            probeOrder = new Peer[table.size * 2];
        }
        int n = 0;
        for (int s = 0; s < table.size; s++) {
            if (table.peers[s] != self && table.states[s] <= MemberTable.SUSPECT) {
                probeOrder[n++] = table.peers[s];
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Peer t = probeOrder[i];
            probeOrder[i] = probeOrder[j];
            probeOrder[j] = t;
        }
        java.util.Arrays.fill(probeOrder, n, probeCount > n ? probeCount : n, null);
        probeCount = n;
        probeIndex = 0;
    }

    private void addToProbeOrder(Peer p) {
        if (probeCount == probeOrder.length) {
            probeOrder = java.util.Arrays.copyOf(probeOrder, probeCount * 2 + 16);
        }
        // insert at a random position among those not yet probed in this pass
        int pos = probeIndex + random.nextInt(probeCount - probeIndex + 1);
        probeOrder[probeCount] = probeOrder[pos];
        probeOrder[pos] = p;
        probeCount++;
    }

    // ------------------------------------------------------------------ gossip and anti-entropy

    private void gossipTick() {
        if (!running) {
            return;
        }
        gossipRound();
        if (leaving) {
            checkLeaveDone();
            if (!running) {
                return;
            }
        }
        gossipTimer = loop.reschedule(gossipTimer, gossipIntervalNs, gossipTask);
        flush();
    }

    /** Sends what is waiting to gossip to up to fanout members: updates and small events in a packet, big events in a frame. */
    private void gossipRound() {
        if (queue.isEmpty() && !userEvents.hasPending()) {
            return;
        }
        int fanout = config.gossipFanout();
        int limit = retransmitLimit();
        Peer[] chosen = gossipTargets;
        int n = 0;
        int tries = 0;
        while (n < fanout && tries++ < 3 * fanout + 3 && table.size > 1) {
            int slot = random.nextInt(table.size);
            Peer p = table.peers[slot];
            if (p == self || table.states[slot] > MemberTable.SUSPECT || contains(chosen, n, p)) {
                continue;
            }
            chosen[n++] = p;
            codec.begin(out, self, aliveCount(), table.size);
            int before = out.position();
            queue.fill(out, budget, limit, null);
            userEvents.fillPacket(out, budget, limit);
            boolean sent = out.position() != before;
            if (sent) {
                sendPacket(p.address(), false, null);
            }
            if (userEvents.hasBig() && transport.supportsFrames()) {
                codec.begin(frameOut, self, aliveCount(), table.size);
                if (userEvents.fillFrame(frameOut, limit) > 0) {
                    sendFrame(p.address(), inflates(p));
                    sent = true;
                }
            }
            if (!sent) {
                break;
            }
        }
    }

    private void pushPullTick() {
        if (!running) {
            return;
        }
        long now = loop.nanos();
        if (!leaving && now - lastPushPull >= pushPullIntervalNs() / 2) {
            // the interval grows with the cluster: a node that started alone waits for the scaled one
            lastPushPull = now;
            Peer p = randomMember(MemberTable.ALIVE);
            if (p != null) {
                sendSync(p.address(), 0, true, inflates(p));
            }
        }
        pushPullTimer = loop.reschedule(pushPullTimer, jitter(pushPullIntervalNs()), pushPullTask);
        flush();
    }

    private void reconnectTick() {
        if (!running) {
            return;
        }
        long now = loop.nanos();
        if (!leaving) {
            boolean attempted = false;
            for (int i = 0, n = Math.min(deadRetries.size(), DEAD_SCAN_PER_TICK); i < n && !attempted; i++) {
                Retry r = deadRetries.pollFirst();
                if (retryByName.get(r.peer.name()) != r) {
                    continue;
                }
                if (now >= r.nextAt) {
                    attempted = true;
                    int seq = nextSeq();
                    if (reconnectPings.size() > 256) {
                        reconnectPings.clear();
                    }
                    reconnectPings.put(seq, r.peer);
                    codec.begin(out, self, aliveCount(), table.size);
                    Codec.ping(out, seq, r.peer);
                    sendPacket(r.peer.address(), true, null);
                    r.attempts++;
                    r.nextAt = now + jitter(backoff(r.attempts));
                }
                deadRetries.addLast(r);
            }
            boolean alone = table.counts[MemberTable.ALIVE] <= 1 && table.counts[MemberTable.SUSPECT] == 0;
            if (alone && !seeds.isEmpty() && joinCallback == null && now >= seedNextAt) {
                for (Address seed : seeds) {
                    sendSync(seed, Codec.SYNC_JOIN, true, false);
                }
                seedAttempts++;
                seedNextAt = now + jitter(backoff(seedAttempts));
            } else if (!alone) {
                seedAttempts = 0;
            }
        }
        reconnectTimer = loop.reschedule(reconnectTimer, config.reconnectInterval().toNanos(), reconnectTask);
        flush();
    }

    private long backoff(int attempts) {
        long base = config.reconnectInterval().toNanos();
        long max = config.reconnectMaxInterval().toNanos();
        return Math.min(max, base << Math.min(attempts, 20));
    }

    private void scheduleRetry(Peer p) {
        Retry r = new Retry(p, loop.nanos() + jitter(config.reconnectInterval().toNanos()));
        retryByName.put(p.name(), r);
        deadRetries.addLast(r);
    }

    private void reapTick() {
        if (!running) {
            return;
        }
        long now = loop.nanos();
        long retention = config.deadRetention().toNanos();
        for (int s = table.size - 1; s >= 0; s--) {
            if (table.states[s] >= MemberTable.DEAD && now - table.changedAt[s] > retention) {
                Peer p = table.peers[s];
                stateChanged(p, MemberTable.STATES[table.states[s]], null);
                retryByName.remove(p.name());
                queue.remove(p.name());
                table.remove(s);
                dirty = true;
            }
        }
        PeerInterner interner = codec.interner();
        if (interner.size() > 4 * table.size + 4096) {
            // ids that only ever appeared in garbage or long-gone members: let them go
            interner.retain(table.peers, table.size);
        }
        reapTimer = loop.reschedule(reapTimer, reapIntervalNs(), reapTask);
        flush();
    }

    /**
     * Sends this node's state (or, without it, an empty SYNC that asks for the other side's).
     *
     * @param compress whether the receiver said it inflates; a seed or any member not heard from gets it plain
     */
    private void sendSync(Address to, int flags, boolean withState, boolean compress) {
        codec.begin(frameOut, self, aliveCount(), table.size);
        boolean frames = transport.supportsFrames();
        int count = withState ? table.size : 0;
        int mark = Codec.beginSync(frameOut, flags, count);
        int written = 0;
        int limit = frames ? Integer.MAX_VALUE : budget;
        for (int s = 0; s < count; s++) {
            int before = frameOut.position();
            Peer p = table.peers[s];
            long inc = p == self ? selfInc : table.incs[s];
            Codec.syncEntry(frameOut, p, table.states[s], inc, table.tags[s]);
            if (frameOut.position() > limit) {
                frameOut.position(before);
                break;
            }
            written++;
        }
        if (written != count) {
            // a packet-only transport: send what fits, with the count corrected
            byte[] buf = frameOut.buffer();
            int countAt = mark + 5;
            int oldSize = WireWriter.varlongSize(count);
            int newSize = WireWriter.varlongSize(written);
            int end = frameOut.position();
            System.arraycopy(buf, countAt + oldSize, buf, countAt + newSize, end - countAt - oldSize);
            frameOut.position(countAt);
            frameOut.varlong(written);
            frameOut.position(end - oldSize + newSize);
        }
        Codec.endSync(frameOut, mark);
        codec.finish(frameOut, compress && frames);
        int len = frameOut.position();
        countSent(len);
        if (frames) {
            transport.sendFrame(to, frameOut.buffer(), 0, len);
        } else {
            transport.sendPacket(to, frameOut.buffer(), 0, len);
        }
        releaseFrameBuffer();
    }

    private void sendPacket(Address to, boolean piggyback, String skip) {
        if (piggyback) {
            queue.fill(out, budget, retransmitLimit(), skip);
        }
        codec.finish(out);
        int len = out.position();
        countSent(len);
        transport.sendPacket(to, out.buffer(), 0, len);
    }

    // ------------------------------------------------------------------ coordinator and quorum

    /**
     * @param startMillis when the node started, in milliseconds since an epoch all nodes share; a
     *     restart a second later, or a few milliseconds later, still outranks the life before
     * @return its first incarnation
     */
    public static long initialIncarnation(long startMillis) {
        return Math.max(0, startMillis) << START_SHIFT;
    }

    private void stateChanged(Peer p, MemberState from, MemberState to) {
        observer.stateChanged(this, p, from, to);
        if (to == MemberState.ALIVE) {
            if (coordinator != null && olderThan(p, coordinator)) {
                coordinator = p;
            }
            coordinatorDirty = true;
        } else if (coordinator != null && p.name().equals(coordinator.name())) {
            coordinator = null;
            coordinatorDirty = true;
        }
    }

    private long incarnationOf(Peer p) {
        if (p == self) {
            return selfInc;
        }
        int slot = table.find(p);
        return slot < 0 ? Long.MAX_VALUE : table.incs[slot];
    }

    /** @return whether {@code a} started before {@code b} (ties: the smaller name) */
    private boolean olderThan(Peer a, Peer b) {
        long sa = incarnationOf(a) >>> START_SHIFT;
        long sb = incarnationOf(b) >>> START_SHIFT;
        return sa != sb ? sa < sb : a.name().compareTo(b.name()) < 0;
    }

    private Peer findCoordinator() {
        Peer best = null;
        for (int s = 0; s < table.size; s++) {
            if (table.states[s] == MemberTable.ALIVE && (best == null || olderThan(table.peers[s], best))) {
                best = table.peers[s];
            }
        }
        return best;
    }

    /** @return members not LEFT: the cluster's size as this node knows it */
    private int expectedSize() {
        return table.counts[MemberTable.ALIVE] + table.counts[MemberTable.SUSPECT] + table.counts[MemberTable.DEAD];
    }

    /** Brings the coordinator and quorum up to date after a change, with an event for each that moved. */
    private void updateViews() {
        if (coordinatorDirty) {
            coordinatorDirty = false;
            if (coordinator == null || table.find(coordinator) < 0) {
                coordinator = findCoordinator();
            }
            if (coordinator != announcedCoordinator) {
                announcedCoordinator = coordinator;
                dirty = true;
                if (coordinator != null && events.enabled()) {
                    events.emit(new ClusterEvent.CoordinatorChanged(table.member(table.find(coordinator))));
                }
            }
        }
        int alive = table.counts[MemberTable.ALIVE];
        int expected = Math.max(alive, expectedSize());
        boolean q = 2L * alive > expected;
        if (!quorumKnown || q != quorum) {
            quorumKnown = true;
            quorum = q;
            dirty = true;
            if (events.enabled()) {
                events.emit(new ClusterEvent.QuorumChanged(q, alive, expected));
            }
        }
    }

    /** @return the coordinator in this node's view, or null (loop only) */
    public Peer coordinator() {
        return coordinator;
    }

    /** @return whether this node sees a strict majority of the cluster ALIVE (loop only) */
    public boolean hasQuorum() {
        return quorum;
    }

    // ------------------------------------------------------------------ helpers

    private int nextSeq() {
        seqGen = (seqGen + 1) & 0x7fffffff;
        return seqGen;
    }

    private Peer randomMember(byte state) {
        for (int tries = 0; tries < 8 && table.size > 1; tries++) {
            int slot = random.nextInt(table.size);
            if (table.peers[slot] != self && table.states[slot] == state) {
                return table.peers[slot];
            }
        }
        return null;
    }

    private static boolean contains(Peer[] a, int n, Peer p) {
        for (int i = 0; i < n; i++) {
            if (a[i] == p) {
                return true;
            }
        }
        return false;
    }

    private long jitter(long nanos) {
        return nanos / 2 + (long) (random.nextDouble() * nanos);
    }

    private static void cancel(Loop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** @return members not DEAD or LEFT, the local node included */
    int memberEstimate() {
        return table.counts[MemberTable.ALIVE] + table.counts[MemberTable.SUSPECT];
    }

    private int retransmitLimit() {
        int n = memberEstimate();
        return config.retransmitMultiplier() * (int) Math.ceil(Math.log10(n + 1.0));
    }

    private long pushPullIntervalNs() {
        long base = config.pushPullInterval().toNanos();
        int n = memberEstimate();
        if (n <= 32) {
            return base;
        }
        double mult = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1;
        return (long) (base * mult);
    }

    private long reapIntervalNs() {
        return Math.min(config.deadRetention().toNanos(), 10_000 * MS);
    }

    private int aliveCount() {
        return table.counts[MemberTable.ALIVE];
    }

    private void flush() {
        if (running || coordinatorDirty) {
            updateViews();
        }
        if (dirty) {
            dirty = false;
            snapshotVersion++;
            if (publish) {
                Member[] all = new Member[table.size];
                Member local = null;
                for (int s = 0; s < table.size; s++) {
                    all[s] = table.member(s);
                    if (table.peers[s] == self) {
                        local = all[s];
                    }
                }
                Member coord = null;
                if (coordinator != null) {
                    int slot = table.find(coordinator);
                    coord = slot >= 0 ? all[slot] : null;
                }
                snapshot = new Snapshot(snapshotVersion, local, all, coord, quorum);
            }
        }
        if (!tagsSent.isEmpty()) {
            checkTagsSent();
        }
        events.flush();
        if (joinDone != null) {
            IntConsumer cb = joinDone;
            joinDone = null;
            cb.accept(joinOutcome);
        }
    }

    // ------------------------------------------------------------------ reads

    /** @return the latest published snapshot, or null before start or when publishing is off */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return the local node's peer (null before start) */
    public Peer self() {
        return self;
    }

    /** @return the local incarnation (loop only) */
    public long incarnation() {
        return selfInc;
    }

    /** @return members this node sees ALIVE, itself included (loop only) */
    public int aliveMembers() {
        return table.counts[MemberTable.ALIVE];
    }

    /** @return members known in any state (loop only) */
    public int knownMembers() {
        return table.size;
    }

    /**
     * @param name a member name
     * @return its state in this node's view, or null if unknown (loop only)
     */
    public MemberState stateOf(String name) {
        int slot = table.find(name);
        return slot < 0 ? null : MemberTable.STATES[table.states[slot]];
    }

    /** @return the Lifeguard health score (loop only) */
    public int healthScore() {
        return awareness.score();
    }

    /** @return pending gossip updates (loop only) */
    public int pendingUpdates() {
        return queue.size();
    }

    /** @return counters (loop only) */
    public ClusterStats stats() {
        return ClusterStats.builder()
                .alive(table.counts[MemberTable.ALIVE])
                .suspect(table.counts[MemberTable.SUSPECT])
                .dead(table.counts[MemberTable.DEAD])
                .left(table.counts[MemberTable.LEFT])
                .messagesIn(msgsIn)
                .messagesOut(msgsOut)
                .bytesIn(bytesIn)
                .bytesOut(bytesOut)
                .dropped(dropped)
                .rejected(rejected)
                .unknownMessages(unknownMessages)
                .probes(probes)
                .probeFailures(probeFailures)
                .suspicions(suspicions)
                .refutations(refutations)
                .healthScore(awareness.score())
                .rejectedMissingTag(rejectedMissingTag)
                .rejectedBadTag(rejectedBadTag)
                .rejectedUnknownKey(rejectedUnknownKey)
                .rejectedReplay(rejectedReplay)
                .userEvents(userEventsDelivered)
                .build();
    }

    private static final class Relay {
        final Peer origin;
        final int originSeq;
        Loop.Timer timer;

        Relay(Peer origin, int originSeq) {
            this.origin = origin;
            this.originSeq = originSeq;
        }
    }

    private static final class Retry {
        final Peer peer;
        int attempts;
        long nextAt;

        Retry(Peer peer, long nextAt) {
            this.peer = peer;
            this.nextAt = nextAt;
        }
    }
}
