package io.chorus.core.node;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStats;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Message;
import io.chorus.api.MessageHandler;
import io.chorus.api.MessagingException.Reason;
import io.chorus.api.MessagingException;
import io.chorus.api.NodeId;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.Ring;
import io.chorus.api.Subscription;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.core.engine.Compression;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.LatencyHistogram;
import io.chorus.core.engine.Snapshot;
import io.chorus.core.jfr.RejectedMessageEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Envelope;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Topics;
import io.chorus.core.wire.UserCodec;
import io.chorus.core.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between members: one-way sends, requests with a deadline, routing by key, and user
 * events too large for gossip. None of it runs on the protocol loop: callers encode, sign and hand
 * bytes to the transport on their own threads; user packets and frames are checked and decoded on
 * the transport's thread and handed to a bounded pool of message threads, which run the handlers
 * and complete the futures. A full pool or too many requests in flight are refused at once, never
 * queued without bound.
 */
final class Messaging implements UserCodec.Visitor {
    private static final Logger LOG = LoggerFactory.getLogger(Messaging.class);

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /** Option: the largest payload of one message. */
    static final Option<Integer> MAX_PAYLOAD = Option.bytes("messaging.max-payload", 4 * MIB, KIB, 64 * MIB,
            "the largest payload of a message, request, reply or user event; keep it under transport.tcp.max-frame-bytes");
    /** Option: requests in flight. */
    static final Option<Integer> MAX_PENDING = Option.integer("messaging.max-pending", 16_384, 1, 1_000_000,
            "requests this node keeps in flight; one more fails at once (REJECTED)");
    /** Option: message threads. */
    static final Option<Integer> THREADS = Option.integer("messaging.threads", 4, 1, 256,
            "message threads, which run the handlers and complete the futures");
    /** Option: the queue in front of the message threads. */
    static final Option<Integer> QUEUE = Option.integer("messaging.queue", 4096, 1, 1_000_000,
            "messages waiting for a message thread; a request that finds the queue full is answered OVERLOADED");
    /** Option: members a request by key tries. */
    static final Option<Integer> ROUTE_ATTEMPTS = Option.integer("messaging.route-attempts", 3, 1, 16,
            "members a request by key tries, in ring order, within its one timeout");
    /** Option: the largest user event spread by gossip. */
    static final Option<Integer> BROADCAST_LIMIT = Option.bytes("messaging.broadcast-limit", 8 * KIB, 64, MIB,
            "user events up to this size spread by gossip; larger ones go from the sender to each member over a stream");
    /** Option: this node's user events still spreading. */
    static final Option<Integer> MAX_BROADCASTS = Option.integer("messaging.max-broadcasts", 256, 1, 1024,
            "this node's user events still spreading; one more fails at once (REJECTED)");
    /** The options read here. */
    static final List<Option<?>> OPTIONS = List.of(MAX_PAYLOAD, MAX_PENDING, THREADS, QUEUE, ROUTE_ATTEMPTS,
            BROADCAST_LIMIT, MAX_BROADCASTS);
    /** Writers bigger than this are not kept for the next message. */
    private static final int KEEP_WRITER = 64 * KIB;
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    final int maxPayload;
    private final int maxPending;
    private final int routeAttempts;
    final int broadcastLimit;
    final int maxBroadcasts;
    private final String name;
    private final Compression compression;
    private volatile Envelope envelope = Envelope.signing(null);
    private final ThreadLocal<Envelope.Inner> inners = ThreadLocal.withInitial(Envelope.Inner::new);
    private final int queueSize;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timers;
    private final ConcurrentHashMap<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(new SplittableRandom().nextLong() >>> 2);
    private final ThreadLocal<UserCodec> decoders;
    private final ThreadLocal<WireWriter> writers = ThreadLocal.withInitial(() -> new WireWriter(2048));
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final LongAdder rejectedHere = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder[] rejections = new LongAdder[Codec.Outcome.values().length];
    /** Requests ended, and those that failed; their latencies, under their own lock (the threads that end them are many). */
    private final LongAdder requestsEnded = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LatencyHistogram requestLatency = new LatencyHistogram(LatencyHistogram.WINDOW_NANOS);
    private volatile Transport transport;
    private volatile Peer self;
    private volatile boolean stopped;
    private Supplier<Snapshot> snapshots = () -> null;
    private Consumer<Runnable> loop = Runnable::run;
    private Engine engine;

    private static final class Pending {
        final long id;
        final NodeId member;
        final String topic;
        final CompletableFuture<Message> future = new CompletableFuture<>();
        /** When it was made (System.nanoTime): its latency runs from here to its end. */
        final long sentAt = System.nanoTime();
        volatile ScheduledFuture<?> timer;

        Pending(long id, NodeId member, String topic) {
            this.id = id;
            this.member = member;
            this.topic = topic;
        }
    }

    /**
     * @param config the node's config: the {@code messaging.*} options are read and checked here
     * @throws io.chorus.api.InvalidConfigException naming an option out of range
     */
    Messaging(ClusterConfig config) {
        Options o = config.options();
        this.name = config.name();
        this.maxPayload = MAX_PAYLOAD.read(o);
        this.maxPending = MAX_PENDING.read(o);
        int threads = THREADS.read(o);
        this.queueSize = QUEUE.read(o);
        this.routeAttempts = ROUTE_ATTEMPTS.read(o);
        this.broadcastLimit = BROADCAST_LIMIT.read(o);
        this.maxBroadcasts = MAX_BROADCASTS.read(o);
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
        this.compression = Compression.from(o);
        this.decoders = ThreadLocal.withInitial(() -> UserCodec.of(this.envelope, compression.enabled(),
                compression.maxInflated()));
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "chorus-msg-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chorus-msg-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Wires the engine side, before the transport opens.
     *
     * @param engine the engine, for user events sent directly
     * @param loop runs a task on the protocol loop
     * @param snapshots the engine's published snapshots, for member states
     */
    void attach(Engine engine, Consumer<Runnable> loop, Supplier<Snapshot> snapshots) {
        this.envelope = engine.envelope();
        this.engine = engine;
        this.loop = loop;
        this.snapshots = snapshots;
    }

    /** @param t the bound transport @param local this node's id */
    void start(Transport t, NodeId local) {
        this.self = Peer.of(local);
        this.transport = t;
    }

    /** Fails every request in flight and lets the message threads finish what they run. */
    void stop() {
        stopped = true;
        for (Pending p : pending.values()) {
            fail(p, Reason.STOPPED, "node " + name + " stopped before " + p.member + " answered (topic " + p.topic + ")");
        }
        timers.shutdownNow();
        workers.shutdown();
    }

    /**
     * @param engineReceiver the engine's receiver, for what is neither a packet nor a frame
     * @return a receiver that checks the label and opens sealed messages ({@link Envelope#unwrap}) on the
     *     transport's thread, decodes user packets and frames here and hands the rest to the engine
     */
    TransportReceiver receiver(TransportReceiver engineReceiver) {
        return new TransportReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                arrived(data, offset, length, Header.Channel.PACKET);
            }

            @Override
            public void onFrame(Address from, byte[] data, int offset, int length) {
                arrived(data, offset, length, Header.Channel.STREAM);
            }

            @Override
            public void onDeliveryFailure(Address to, FailureReason reason) {
                engineReceiver.onDeliveryFailure(to, reason);
                failPendingTo(to, "could not deliver to " + to + " (" + reason + ")");
            }

            @Override
            public void onConnectionLost(Address to) {
                engineReceiver.onConnectionLost(to);
                failPendingTo(to, "the connection to " + to + " was lost");
            }

            @Override
            public void onDropped(Address from) {
                engineReceiver.onDropped(from);
            }
        };
    }

    // ------------------------------------------------------------------ handlers

    Subscription handle(String topic, MessageHandler handler) {
        Topics.check(topic);
        Objects.requireNonNull(handler, "handler");
        handlers.put(topic, handler);
        return () -> handlers.remove(topic, handler);
    }

    // ------------------------------------------------------------------ sending

    void send(NodeId member, String topic, byte[] payload) {
        byte[] t = Topics.check(topic);
        checkPayload(payload, member, topic);
        Address to = reachable(member, topic);
        WireWriter w = writer();
        UserCodec.begin(w, self, envelope.signs());
        UserCodec.send(w, t, payload);
        UserCodec.finish(w, envelope);
        transmit(to, w, true, member, topic);
        release(w);
    }

    CompletableFuture<Message> request(NodeId member, String topic, byte[] payload, Duration timeout) {
        byte[] t = Topics.check(topic);
        checkTimeout(timeout);
        checkPayload(payload, member, topic);
        Address to;
        try {
            to = reachable(member, topic);
        } catch (MessagingException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (pendingCount.incrementAndGet() > maxPending) {
            pendingCount.decrementAndGet();
            rejectedHere.increment();
            throw new MessagingException(Reason.REJECTED, member, maxPending + " requests are already in flight on " + name
                    + " (" + MAX_PENDING.key() + "); wait for some to finish or raise the option");
        }
        Pending p = new Pending(ids.incrementAndGet(), member, topic);
        pending.put(p.id, p);
        long ms = Math.max(1, timeout.toMillis());
        try {
            p.timer = timers.schedule(() -> fail(p, Reason.TIMEOUT, "no reply from " + member + " on topic " + topic + " within "
                    + ms + " ms"), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(p, Reason.STOPPED, "node " + name + " is stopping");
            return p.future;
        }
        WireWriter w = writer();
        try {
            UserCodec.begin(w, self, envelope.signs());
            UserCodec.request(w, p.id, ms, t, payload);
            UserCodec.finish(w, envelope);
            transmit(to, w, false, member, topic);
        } catch (MessagingException e) {
            fail(p, e.reason(), e.getMessage());
        } finally {
            release(w);
        }
        return p.future;
    }

    /**
     * A request to a key's owner, failing over along the ring to the next replica when a member is
     * gone or overloaded, within one deadline.
     */
    CompletableFuture<Message> request(CharSequence key, String topic, byte[] payload, Duration timeout, Supplier<Ring> ring) {
        Objects.requireNonNull(key, "key");
        Topics.check(topic);
        checkTimeout(timeout);
        Objects.requireNonNull(payload, "payload");
        Ring r = ring.get();
        CompletableFuture<Message> result = new CompletableFuture<>();
        route(key, topic, payload, System.nanoTime() + timeout.toNanos(), new HashSet<>(), r, ring, result, null);
        return result;
    }

    private void route(CharSequence key, String topic, byte[] payload, long deadline, Set<String> tried, Ring first,
            Supplier<Ring> rings, CompletableFuture<Message> result, MessagingException last) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            result.completeExceptionally(last != null ? last : new MessagingException(Reason.TIMEOUT, null,
                    "no reply for key " + key + " on topic " + topic + " in time"));
            return;
        }
        Ring ring = first != null ? first : rings.get();
        Member target = null;
        for (Member m : ring.owners(key, tried.size() + 1)) {
            if (!tried.contains(m.name())) {
                target = m;
                break;
            }
        }
        if (target == null) {
            result.completeExceptionally(last != null ? last : new MessagingException(Reason.MEMBER_UNAVAILABLE, null,
                    "no member on the ring owns key " + key + " (ring epoch " + ring.epoch() + ", " + ring.members().size()
                            + " members)"));
            return;
        }
        tried.add(target.name());
        NodeId id = target.id();
        CompletableFuture<Message> attempt;
        try {
            attempt = request(id, topic, payload, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        attempt.whenComplete((reply, error) -> {
            if (error == null) {
                result.complete(reply);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof MessagingException me
                    && (me.reason() == Reason.MEMBER_UNAVAILABLE || me.reason() == Reason.OVERLOADED)
                    && tried.size() < routeAttempts) {
                LOG.debug("chorus node {}: request for key {} to {} failed ({}); trying the next replica", name, key, id,
                        me.getMessage());
                route(key, topic, payload, deadline, tried, null, rings, result, me);
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    /** Sends a user event over the broadcast limit to each member, on a message thread. */
    void sendDirect(List<Address> to, boolean[] inflates, Peer origin, long stream, long seq, long low, int flags, byte[] topic,
            byte[] payload) {
        Runnable job = () -> {
            WireWriter plain = new WireWriter(payload.length + 256);
            UserCodec.begin(plain, origin, envelope.signs());
            Codec.userEvent(plain, origin, stream, seq, low, flags, topic, payload);
            int plainEnd = plain.position();
            WireWriter packed = null;
            int packedEnd = 0;
            boolean anyInflates = false;
            for (boolean i : inflates) {
                anyInflates |= i;
            }
            if (compression.enabled() && anyInflates) {
                WireWriter c = new WireWriter(plainEnd + 64);
                c.bytes(plain.buffer(), 0, plainEnd);
                try (io.chorus.core.wire.Deflation d = new io.chorus.core.wire.Deflation()) {
                    if (UserCodec.compress(c, d, compression.threshold())) {
                        packed = c;
                        packedEnd = c.position();
                    }
                }
            }
            Envelope env = envelope;
            WireWriter closed = env.movesBytes() ? new WireWriter(Math.max(plainEnd, packedEnd) + env.overhead()) : null;
            for (int k = 0; k < to.size(); k++) {
                Address a = to.get(k);
                boolean small = packed != null && inflates[k];
                WireWriter w = small ? packed : plain;
                int end = small ? packedEnd : plainEnd;
                if (closed != null) {
                    // the label and the seal move the bytes: close a copy, and keep the original for the next member
                    closed.clear();
                    closed.bytes(w.buffer(), 0, end);
                    w = closed;
                } else {
                    w.position(end);
                }
                UserCodec.finish(w, env);
                try {
                    transport.sendFrame(a, w.buffer(), 0, w.position());
                    out.increment();
                } catch (RuntimeException e) {
                    LOG.warn("chorus node {}: user event on topic {} not sent to {}: {}", name,
                            new String(topic, StandardCharsets.ISO_8859_1), a, e.toString());
                }
            }
        };
        try {
            workers.execute(job);
        } catch (RejectedExecutionException e) {
            rejectedHere.increment();
            LOG.warn("chorus node {}: the message threads are full; a user event of {} bytes reached no other member",
                    name, payload.length);
        }
    }

    private void checkPayload(byte[] payload, NodeId member, String topic) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > maxPayload) {
            throw new MessagingException(Reason.TOO_LARGE, member, "a payload of " + payload.length + " bytes on topic " + topic
                    + " exceeds " + MAX_PAYLOAD.key() + " (" + maxPayload + " bytes)");
        }
    }

    private static void checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive and at most 1 day");
        }
    }

    /** @return the member's address if it is known and neither DEAD nor LEFT */
    private Address reachable(NodeId member, String topic) {
        Objects.requireNonNull(member, "member");
        if (stopped) {
            throw new MessagingException(Reason.STOPPED, member, "node " + name + " is stopped");
        }
        Snapshot s = snapshots.get();
        Member m = s == null ? null : s.byName(member.name());
        if (m == null || !m.id().equals(member)) {
            throw new MessagingException(Reason.MEMBER_UNAVAILABLE, member, member + " is not a member known to " + name
                    + " (topic " + topic + ")");
        }
        if (m.state() == MemberState.DEAD || m.state() == MemberState.LEFT) {
            throw new MessagingException(Reason.MEMBER_UNAVAILABLE, member, member + " is " + m.state() + " (topic " + topic
                    + ")");
        }
        return member.address();
    }

    private void transmit(Address to, WireWriter w, boolean packetFirst, NodeId member, String topic) {
        Transport t = transport;
        int len = w.position();
        try {
            if ((packetFirst || !t.supportsFrames()) && len <= t.packetBudget()) {
                t.sendPacket(to, w.buffer(), 0, len);
            } else if (t.supportsFrames()) {
                t.sendFrame(to, w.buffer(), 0, len);
            } else {
                throw new MessagingException(Reason.TOO_LARGE, member, "a message of " + len + " bytes on topic " + topic
                        + " does not fit the packet budget of " + t.packetBudget() + " bytes, and the transport has no "
                        + "streams (add io.chorus:chorus-transport-tcp)");
            }
        } catch (IllegalArgumentException e) {
            throw new MessagingException(Reason.TOO_LARGE, member, "the transport refused a message on topic " + topic + ": "
                    + e.getMessage());
        }
        out.increment();
    }

    private WireWriter writer() {
        WireWriter w = writers.get();
        w.clear();
        return w;
    }

    private void release(WireWriter w) {
        if (w.buffer().length > KEEP_WRITER) {
            writers.remove();
        }
    }

    // ------------------------------------------------------------------ receiving (transport threads)

    /** A packet or frame from a transport: its envelope unwrapped, then to the user decoder or the engine. */
    private void arrived(byte[] b, int off, int len, Header.Channel channel) {
        Envelope.Inner inner = inners.get();
        Codec.Outcome o = envelope.unwrap(b, off, len, inner);
        if (o != Codec.Outcome.OK) {
            rejections[o.ordinal()].increment();
            RejectedMessageEvent.emit(o, channel, len, true);
            LOG.debug("chorus node {}: refused a {} of {} bytes: {}", name, channel == Header.Channel.PACKET ? "packet" : "frame",
                    len, o);
            return;
        }
        if (UserCodec.isUser(b, inner.offset, inner.length)) {
            receive(b, inner.offset, inner.length, channel, inner.opened);
        } else {
            engine.deliver(b, inner.offset, inner.length, channel, inner.opened);
        }
    }

    private void receive(byte[] b, int off, int len, Header.Channel channel, boolean opened) {
        UserCodec codec = decoders.get();
        Codec.Outcome o = codec.decode(b, off, len, opened, this);
        if (o == Codec.Outcome.DROPPED) {
            dropped.increment();
            LOG.debug("chorus node {}: dropped a user message: {}", name, codec.lastError());
        } else if (o != Codec.Outcome.OK) {
            rejections[o.ordinal()].increment();
        }
        if (o != Codec.Outcome.OK) {
            RejectedMessageEvent.emit(o, channel, len, true);
        }
    }

    @Override
    public void send(Peer from, String topic, byte[] b, int off, int len) {
        in.increment();
        MessageHandler h = handlers.get(topic);
        if (h == null) {
            rejectedHere.increment();
            LOG.debug("chorus node {}: no handler for topic {}; a message from {} dropped", name, topic, from.id());
            return;
        }
        Message m = new Message(from.id(), topic, java.util.Arrays.copyOfRange(b, off, off + len));
        try {
            workers.execute(() -> {
                try {
                    h.handle(m);
                } catch (Exception | Error e) {
                    LOG.warn("chorus node {}: the handler for topic {} failed on a message from {}", name, topic, m.sender(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            rejectedHere.increment();
        }
    }

    @Override
    public void request(Peer from, long id, long timeoutMs, String topic, byte[] b, int off, int len) {
        in.increment();
        MessageHandler h = handlers.get(topic);
        if (h == null) {
            reply(from, id, UserCodec.NO_HANDLER, "node " + name + " has no handler for topic " + topic);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs, MAX_TIMEOUT.toMillis()));
        Message m = new Message(from.id(), topic, java.util.Arrays.copyOfRange(b, off, off + len));
        try {
            workers.execute(() -> answer(from, id, h, m, deadline));
        } catch (RejectedExecutionException e) {
            rejectedHere.increment();
            reply(from, id, UserCodec.OVERLOADED, "node " + name + " is overloaded: its message queue is full (" + QUEUE.key() + " = "
                    + queueSize + ")");
        }
    }

    private void answer(Peer from, long id, MessageHandler h, Message m, long deadline) {
        if (System.nanoTime() - deadline > 0) {
            return; // the requester has given up: spare the handler
        }
        byte[] result;
        try {
            result = h.handle(m);
        } catch (Exception | Error e) {
            LOG.debug("chorus node {}: the handler for topic {} failed on a request from {}", name, m.topic(), from.id(), e);
            reply(from, id, UserCodec.HANDLER_FAILED, "the handler for topic " + m.topic() + " on " + name + " failed: " + e);
            return;
        }
        if (result == null) {
            reply(from, id, UserCodec.HANDLER_FAILED, "the handler for topic " + m.topic() + " on " + name
                    + " returned null; return an empty array for an empty reply");
        } else if (result.length > maxPayload) {
            reply(from, id, UserCodec.TOO_LARGE, "the reply on topic " + m.topic() + " from " + name + " was " + result.length
                    + " bytes, over " + MAX_PAYLOAD.key() + " (" + maxPayload + ")");
        } else {
            reply(from, id, UserCodec.OK, result);
        }
    }

    private void reply(Peer to, long id, int status, String text) {
        reply(to, id, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private void reply(Peer to, long id, int status, byte[] payload) {
        Peer me = self;
        Transport t = transport;
        if (me == null || t == null || stopped) {
            return;
        }
        WireWriter w = writer();
        try {
            UserCodec.begin(w, me, envelope.signs());
            UserCodec.reply(w, id, status, payload);
            UserCodec.finish(w, envelope);
            transmit(to.address(), w, false, to.id(), "reply");
        } catch (RuntimeException e) {
            LOG.debug("chorus node {}: a reply to {} was not sent: {}", name, to.id(), e.toString());
        } finally {
            release(w);
        }
    }

    @Override
    public void reply(Peer from, long id, int status, byte[] b, int off, int len) {
        in.increment();
        Pending p = pending.get(id);
        if (p == null || !p.member.name().equals(from.name())) {
            return; // late (timed out), or not from the member asked
        }
        if (status == UserCodec.OK) {
            Message reply = new Message(p.member, p.topic, java.util.Arrays.copyOfRange(b, off, off + len));
            if (pending.remove(id, p)) {
                finish(p, reply, null);
            }
            return;
        }
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        Reason reason = switch (status) {
            case UserCodec.NO_HANDLER -> Reason.NO_HANDLER;
            case UserCodec.OVERLOADED -> Reason.OVERLOADED;
            case UserCodec.TOO_LARGE -> Reason.TOO_LARGE;
            default -> Reason.HANDLER_FAILED;
        };
        fail(p, reason, text);
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        in.increment();
        byte[] payload = java.util.Arrays.copyOfRange(b, off, off + len);
        NodeId id = origin.id();
        Engine e = engine;
        if (e != null) {
            loop.accept(() -> e.directUserEvent(id, stream, seq, low, flags, topic, payload));
        }
    }

    // ------------------------------------------------------------------ failing requests

    /** A member left or was declared DEAD: its requests in flight fail now. */
    void memberGone(Member m) {
        for (Pending p : pending.values()) {
            if (p.member.equals(m.id())) {
                fail(p, Reason.MEMBER_UNAVAILABLE, m.id() + " is " + m.state() + "; it had not answered on topic " + p.topic);
            }
        }
    }

    private void failPendingTo(Address to, String why) {
        if (pendingCount.get() == 0) {
            return;
        }
        for (Pending p : pending.values()) {
            if (p.member.address().equals(to)) {
                fail(p, Reason.MEMBER_UNAVAILABLE, why + " before " + p.member + " answered on topic " + p.topic);
            }
        }
    }

    private void fail(Pending p, Reason reason, String message) {
        if (pending.remove(p.id, p)) {
            finish(p, null, new MessagingException(reason, p.member, message));
        }
    }

    /** Completes a request taken out of the table, on a message thread (inline when they are full). */
    private void finish(Pending p, Message reply, MessagingException error) {
        pendingCount.decrementAndGet();
        long now = System.nanoTime();
        synchronized (requestLatency) {
            requestLatency.record(now - p.sentAt, now);
        }
        requestsEnded.increment();
        if (error != null) {
            requestsFailed.increment();
        }
        ScheduledFuture<?> t = p.timer;
        if (t != null) {
            t.cancel(false);
        }
        Runnable done = error == null ? () -> p.future.complete(reply) : () -> p.future.completeExceptionally(error);
        try {
            workers.execute(done);
        } catch (RejectedExecutionException e) {
            done.run();
        }
    }

    // ------------------------------------------------------------------ counters

    long in() {
        return in.sum();
    }

    long out() {
        return out.sum();
    }

    long rejected() {
        return rejectedHere.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    /**
     * @param stats the engine's counters
     * @return them with the requests' added: how many ended, how many failed, and their latencies
     */
    ClusterStats withRequests(ClusterStats stats) {
        long now = System.nanoTime();
        ClusterStats.Builder b = stats.toBuilder().requests(requestsEnded.sum()).requestFailures(requestsFailed.sum());
        synchronized (requestLatency) {
            return b.requestLatencySumMicros(requestLatency.sumMicros())
                    .requestLatencyP50Micros(requestLatency.percentileMicros(0.5, now))
                    .requestLatencyP90Micros(requestLatency.percentileMicros(0.9, now))
                    .requestLatencyP99Micros(requestLatency.percentileMicros(0.99, now))
                    .requestLatencyMaxMicros(requestLatency.maxMicros(now))
                    .build();
        }
    }

    /** @param o a signature outcome @return user packets and frames rejected with it */
    long rejections(Codec.Outcome o) {
        return rejections[o.ordinal()].sum();
    }
}
