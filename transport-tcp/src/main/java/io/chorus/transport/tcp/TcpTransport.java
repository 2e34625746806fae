package io.chorus.transport.tcp;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running TCP transport: one listener, one pooled outbound connection per destination, and
 * one daemon I/O thread ({@code chorus-tcp-<port>}) that runs a {@link Selector} over all of them.
 *
 * <p>Callers never touch a socket: a send copies the message into a command queue and wakes the
 * selector. Everything else, including every call to the {@link TransportReceiver}, happens on
 * the I/O thread, which owns the connections, the peers and their backoff.
 *
 * <p>Failure mapping, reported once per message that was queued:
 * <ul>
 *   <li>the connect was refused ({@link ConnectException}): {@link FailureReason#CONNECTION_REFUSED};</li>
 *   <li>the connect timed out, or failed in any other way (unreachable, unresolvable):
 *       {@link FailureReason#CONNECTION_CLOSED};</li>
 *   <li>the connection was reset or closed, or went idle, with messages still queued:
 *       {@link FailureReason#CONNECTION_CLOSED};</li>
 *   <li>the destination's queue is full: {@link FailureReason#CONNECTION_CLOSED}, the connection kept;</li>
 *   <li>a send during the destination's backoff: the reason of the failure that started it, without dialing.</li>
 * </ul>
 * Bytes already handed to the kernel when a connection breaks are lost without a report: TCP
 * does not say what the peer read. An established outbound connection that the peer closes or
 * that breaks is reported once through {@link TransportReceiver#onConnectionLost}, whatever was
 * queued, so that requests waiting on the peer fail at once.
 */
final class TcpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    /** The I/O thread's name is this prefix and the bound port. */
    static final String THREAD_PREFIX = "chorus-tcp-";

    private static final int BACKLOG = 128;
    /** The shared read buffer; payloads at least this long are read straight into their own array. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** The most bytes handed to one read or write call, which bounds the JDK's temporary direct buffers. */
    private static final int IO_CHUNK_BYTES = 256 * 1024;
    private static final int MAX_GATHER = 64;
    private static final int MAX_ACCEPTS_PER_WAKEUP = 64;
    private static final int MAX_READS_PER_WAKEUP = 16;
    private static final int MAX_COMMANDS_PER_WAKEUP = 4096;
    private static final long MAX_SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long JOIN_MILLIS = 5_000;

    /** A message on its way from a caller to the I/O thread. */
    private record Outgoing(Address to, ByteBuffer bytes, int size, boolean rejected) {
    }

    private final TcpSettings settings;
    private final TransportReceiver receiver;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Address localAddress;
    private final int boundPort;
    private final long connectTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long reconnectBaseNanos;
    private final long reconnectMaxNanos;
    private final Thread thread;

    private final ConcurrentLinkedQueue<Outgoing> commands = new ConcurrentLinkedQueue<>();
    /** Work handed to the I/O thread by {@link #onIoThread}. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Bytes sitting in {@link #commands}: bounded by the queue limit too. */
    private final AtomicLong commandBytes = new AtomicLong();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dials = new AtomicLong();
    private final AtomicLong accepts = new AtomicLong();

    // ---- owned by the I/O thread
    private final Map<Address, Peer> peers = new HashMap<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final ArrayDeque<Connection> dirty = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private final SplittableRandom random = new SplittableRandom();
    private long now;
    private long nextSweep;
    private boolean commandsLeft;

    private TcpTransport(TcpSettings settings, TransportReceiver receiver, Selector selector,
            ServerSocketChannel server, Address localAddress, int boundPort) {
        this.settings = settings;
        this.receiver = receiver;
        this.selector = selector;
        this.server = server;
        this.localAddress = localAddress;
        this.boundPort = boundPort;
        this.connectTimeoutNanos = settings.connectTimeout().toNanos();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
        this.reconnectBaseNanos = settings.reconnectBase().toNanos();
        this.reconnectMaxNanos = settings.reconnectMax().toNanos();
        this.now = System.nanoTime();
        this.nextSweep = now + sweepInterval();
        this.thread = new Thread(this::run, THREAD_PREFIX + boundPort);
        this.thread.setDaemon(true);
    }

    /**
     * Binds the listener and starts the I/O thread.
     *
     * @param config the node's config: bind and advertise addresses
     * @param settings the options, checked
     * @param receiver where received bytes and failures go
     * @return the running transport
     * @throws ChorusException if it cannot bind; the message names the address
     */
    static TcpTransport start(ClusterConfig config, TcpSettings settings, TransportReceiver receiver) {
        String where = LocalAddress.format(config.bindHost(), config.bindPort());
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(config.bindHost());
        } catch (UnknownHostException e) {
            throw new ChorusException("cannot bind the TCP transport to " + where
                    + ": the host does not resolve; bind an IP address of this machine, or 0.0.0.0 for all", e);
        }
        Selector selector = null;
        ServerSocketChannel server = null;
        try {
            selector = Selector.open();
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(bindAddress, config.bindPort()), BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            Address advertised = LocalAddress.advertised(config, bindAddress, bound.getPort());
            TcpTransport transport = new TcpTransport(settings, receiver, selector, server, advertised, bound.getPort());
            transport.thread.start();
            LOG.debug("TCP transport listening on {}, advertised as {}", bound, advertised);
            return transport;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            closeQuietly(selector);
            if (e instanceof ChorusException c) {
                throw c;
            }
            throw new ChorusException("cannot bind the TCP transport to " + where + ": " + e.getMessage()
                    + "; choose a free port (0 picks one) on an address of this machine", e);
        }
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public Address localAddress() {
        return localAddress;
    }

    @Override
    public int packetBudget() {
        return settings.packetBudget();
    }

    /**
     * Queues one packet for the destination's pooled connection and returns at once.
     *
     * @throws IllegalArgumentException if longer than {@link #packetBudget()}
     */
    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        check(to, data, offset, length);
        if (length > settings.packetBudget()) {
            throw new IllegalArgumentException("a packet of " + length + " bytes exceeds the packet budget of "
                    + settings.packetBudget() + " bytes (" + TcpSettings.PACKET_BUDGET.key() + ")");
        }
        enqueue(to, Wire.KIND_PACKET, data, offset, length);
    }

    @Override
    public boolean supportsFrames() {
        return true;
    }

    /**
     * Queues one frame for the destination's pooled connection and returns at once.
     *
     * @throws IllegalArgumentException if longer than {@code transport.tcp.max-frame-bytes}, which a
     *     peer with the same settings would refuse
     */
    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        check(to, data, offset, length);
        if (length > settings.maxFrameBytes()) {
            throw new IllegalArgumentException("a frame of " + length + " bytes exceeds the limit of "
                    + settings.maxFrameBytes() + " bytes (" + TcpSettings.MAX_FRAME_BYTES.key() + ")");
        }
        enqueue(to, Wire.KIND_FRAME, data, offset, length);
    }

    /** Closes every connection and the listener and waits, bounded, for the I/O thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        selector.wakeup();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the TCP transport's I/O thread {} did not stop within {} ms; a receiver call may be stuck",
                    thread.getName(), JOIN_MILLIS);
        }
    }

    @Override
    public String toString() {
        return "TcpTransport[" + localAddress + "]";
    }

    // ------------------------------------------------------------------ package-private, for tests

    /** @return outbound connections attempted so far */
    long dialCount() {
        return dials.get();
    }

    /** @return inbound connections accepted so far */
    long acceptCount() {
        return accepts.get();
    }

    /** @return the I/O thread */
    Thread ioThread() {
        return thread;
    }

    /**
     * @param destination a destination
     * @return its failures in a row (zero when none, or once a connect succeeded), read on the I/O thread
     */
    int failuresInARow(Address destination) {
        return onIoThread(() -> {
            Peer peer = peers.get(destination);
            return peer == null ? 0 : peer.failures;
        });
    }

    /** Runs a query on the I/O thread, which owns the state, and waits for it (bounded). */
    private <T> T onIoThread(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(query.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        wakeUp();
        try {
            return result.get(JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the I/O thread", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the I/O thread did not answer", e);
        }
    }

    // ------------------------------------------------------------------ callers' side

    private static void check(Address to, byte[] data, int offset, int length) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
    }

    private void enqueue(Address to, byte kind, byte[] data, int offset, int length) {
        if (closed.get()) {
            return;
        }
        ByteBuffer message = Wire.encode(kind, data, offset, length);
        int size = message.remaining();
        if (commandBytes.addAndGet(size) > settings.maxQueuedBytes()) {
            commandBytes.addAndGet(-size);
            commands.add(new Outgoing(to, message, 0, true));
        } else {
            commands.add(new Outgoing(to, message, size, false));
        }
        wakeUp();
    }

    private void wakeUp() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    // ------------------------------------------------------------------ the I/O thread

    private void run() {
        try {
            while (!closed.get()) {
                now = System.nanoTime();
                if (commandsLeft) {
                    selector.selectNow(this::ready);
                } else {
                    long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - now + 999_999));
                    selector.select(this::ready, waitMillis);
                }
                now = System.nanoTime();
                wakeupPending.set(false);
                drainCommands();
                flushDirty();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                if (now - nextSweep >= 0) {
                    sweep();
                }
            }
        } catch (ClosedSelectorException e) {
            LOG.debug("selector closed", e);
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("the TCP transport's I/O thread failed; the transport on port {} stops", boundPort, e);
        } finally {
            closed.set(true);
            shutdown();
        }
    }

    private long sweepInterval() {
        return Math.min(idleTimeoutNanos, MAX_SWEEP_INTERVAL_NANOS);
    }

    private void deadline(long at) {
        if (at - nextSweep < 0) {
            nextSweep = at;
        }
    }

    private void ready(SelectionKey key) {
        if (key.channel() == server) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        if (key.isValid() && key.isConnectable()) {
            finishConnect(c);
        }
        if (key.isValid() && key.isReadable()) {
            read(c);
        }
        if (key.isValid() && key.isWritable()) {
            flush(c);
        }
    }

    private void drainCommands() {
        int handled = 0;
        Outgoing o;
        while (handled < MAX_COMMANDS_PER_WAKEUP && (o = commands.poll()) != null) {
            handled++;
            if (o.rejected()) {
                LOG.debug("send to {} dropped: more than {} bytes wait for the I/O thread", o.to(), settings.maxQueuedBytes());
                failed(o.to(), FailureReason.CONNECTION_CLOSED);
                continue;
            }
            commandBytes.addAndGet(-o.size());
            send(o);
        }
        commandsLeft = !commands.isEmpty();
    }

    private void send(Outgoing o) {
        Peer peer = peers.computeIfAbsent(o.to(), Peer::new);
        Connection c = peer.connection;
        if (c == null) {
            if (peer.inBackoff(now)) {
                failed(peer.address, peer.reason);
                return;
            }
            dial(peer, o);
            return;
        }
        if (c.queuedBytes + o.size() > settings.maxQueuedBytes()) {
            LOG.debug("send to {} dropped: {} bytes already queued", peer.address, c.queuedBytes);
            failed(peer.address, FailureReason.CONNECTION_CLOSED);
            return;
        }
        c.queue.addLast(o.bytes());
        c.queuedBytes += o.size();
        if (!c.connecting && !c.dirty) {
            c.dirty = true;
            dirty.addLast(c);
        }
    }

    private void flushDirty() {
        Connection c;
        while ((c = dirty.pollFirst()) != null) {
            c.dirty = false;
            flush(c);
        }
    }

    private void dial(Peer peer, Outgoing first) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            LOG.warn("cannot open a socket to {}", peer.address, e);
            startBackoff(peer, FailureReason.CONNECTION_CLOSED);
            failed(peer.address, FailureReason.CONNECTION_CLOSED);
            return;
        }
        Connection c = new Connection(channel, peer.address, peer, settings.maxFrameBytes());
        c.queue.addLast(first.bytes());
        c.queuedBytes = first.size();
        c.connecting = true;
        c.connectDeadline = now + connectTimeoutNanos;
        peer.connection = c;
        connections.add(c);
        dials.incrementAndGet();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
            if (channel.connect(new InetSocketAddress(peer.address.host(), peer.address.port()))) {
                connected(c);
            } else {
                deadline(c.connectDeadline);
            }
        } catch (ConnectException e) {
            close(c, FailureReason.CONNECTION_REFUSED, e.toString());
        } catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException e) {
            close(c, FailureReason.CONNECTION_CLOSED, e.toString());
        }
    }

    private void finishConnect(Connection c) {
        try {
            if (c.channel.finishConnect()) {
                connected(c);
            }
        } catch (ConnectException e) {
            close(c, FailureReason.CONNECTION_REFUSED, e.toString());
        } catch (IOException e) {
            close(c, FailureReason.CONNECTION_CLOSED, e.toString());
        }
    }

    private void connected(Connection c) {
        c.connecting = false;
        c.lastActivity = now;
        c.peer.failures = 0;
        deadline(now + idleTimeoutNanos);
        LOG.debug("connected to {}", c.remote);
        interest(c);
        flush(c);
    }

    private void accept() {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.warn("accepting a connection on port {} failed", boundPort, e);
                return;
            }
            if (channel == null) {
                return;
            }
            accepts.incrementAndGet();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Address remote = LocalAddress.of((InetSocketAddress) channel.getRemoteAddress());
                Connection c = new Connection(channel, remote, null, settings.maxFrameBytes());
                c.lastActivity = now;
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
                deadline(now + idleTimeoutNanos);
                LOG.debug("accepted a connection from {}", remote);
            } catch (IOException | RuntimeException e) {
                LOG.debug("dropped an accepted connection that failed to set up", e);
                closeQuietly(channel);
            }
        }
    }

    private void read(Connection c) {
        MessageReader reader = c.reader;
        try {
            for (int i = 0; i < MAX_READS_PER_WAKEUP && !c.closed; i++) {
                int n;
                ByteBuffer window = reader.directWindow(READ_BUFFER_BYTES, IO_CHUNK_BYTES);
                if (window != null) {
                    n = c.channel.read(window);
                    if (n > 0) {
                        c.lastActivity = now;
                        if (reader.directRead(n)) {
                            deliver(c, reader);
                        }
                    }
                } else {
                    readBuffer.clear();
                    n = c.channel.read(readBuffer);
                    if (n > 0) {
                        c.lastActivity = now;
                        readBuffer.flip();
                        while (reader.next(readBuffer)) {
                            deliver(c, reader);
                        }
                    }
                }
                if (n < 0) {
                    if (reader.midMessage()) {
                        LOG.debug("{} ended in the middle of a message", c);
                        dropped(c.remote);
                    }
                    close(c, FailureReason.CONNECTION_CLOSED, "closed by the peer");
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        } catch (WireViolation e) {
            LOG.debug("{} broke the framing: {}", c, e.getMessage());
            dropped(c.remote);
            close(c, FailureReason.CONNECTION_CLOSED, e.getMessage());
        } catch (IOException e) {
            if (reader.midMessage()) {
                dropped(c.remote);
            }
            close(c, FailureReason.CONNECTION_CLOSED, e.toString());
        }
    }

    private void deliver(Connection c, MessageReader m) {
        try {
            if (m.kind() == Wire.KIND_FRAME) {
                receiver.onFrame(c.remote, m.array(), m.offset(), m.length());
            } else if (m.length() <= settings.packetBudget()) {
                receiver.onPacket(c.remote, m.array(), m.offset(), m.length());
            } else {
                LOG.debug("dropped a packet of {} bytes from {}: over the budget of {}", m.length(), c.remote,
                        settings.packetBudget());
                receiver.onDropped(c.remote);
            }
        } catch (RuntimeException e) {
            LOG.warn("the receiver failed on a message from {}", c.remote, e);
        }
    }

    private void flush(Connection c) {
        if (c.connecting || c.closed) {
            return;
        }
        try {
            while (!c.queue.isEmpty()) {
                long attempted;
                long written;
                ByteBuffer head = c.queue.peekFirst();
                if (head.remaining() > IO_CHUNK_BYTES) {
                    ByteBuffer slice = head.duplicate();
                    slice.limit(slice.position() + IO_CHUNK_BYTES);
                    attempted = IO_CHUNK_BYTES;
                    written = c.channel.write(slice);
                    head.position(head.position() + (int) written);
                } else {
                    int count = 0;
                    attempted = 0;
                    for (ByteBuffer b : c.queue) {
                        if (count == MAX_GATHER || attempted + b.remaining() > IO_CHUNK_BYTES) {
                            break;
                        }
                        gather[count++] = b;
                        attempted += b.remaining();
                    }
                    written = c.channel.write(gather, 0, count);
                    Arrays.fill(gather, 0, count, null);
                }
                if (written > 0) {
                    c.queuedBytes -= written;
                    c.lastActivity = now;
                }
                while (!c.queue.isEmpty() && !c.queue.peekFirst().hasRemaining()) {
                    c.queue.pollFirst();
                }
                if (written < attempted) {
                    break;
                }
            }
        } catch (IOException e) {
            close(c, FailureReason.CONNECTION_CLOSED, e.toString());
            return;
        }
        interest(c);
    }

    private void interest(Connection c) {
        int ops = c.queue.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (c.key.isValid() && c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    /**
     * Closes a connection. An outbound one that was still connecting, or still had messages
     * queued, failed: its destination goes into backoff and each queued message is reported.
     */
    private void close(Connection c, FailureReason reason, String why) {
        close(c, reason, why, true);
    }

    /**
     * @param lost whether the other side closed it or it broke: an established outbound connection
     *     lost that way is reported ({@link TransportReceiver#onConnectionLost}); one closed here for
     *     idleness is not
     */
    private void close(Connection c, FailureReason reason, String why, boolean lost) {
        if (c.closed) {
            return;
        }
        if (lost && c.peer != null && !c.connecting) {
            Address to = c.peer.address;
            try {
                receiver.onConnectionLost(to);
            } catch (RuntimeException e) {
                LOG.warn("the receiver failed on the loss of a connection to {}", to, e);
            }
        }
        c.closed = true;
        connections.remove(c);
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
        Peer peer = c.peer;
        if (peer == null) {
            LOG.debug("closed the {}: {}", c, why);
            return;
        }
        if (peer.connection == c) {
            peer.connection = null;
        }
        if (!c.connecting && c.queue.isEmpty()) {
            LOG.debug("closed the {}: {}", c, why);
            return;
        }
        startBackoff(peer, reason);
        LOG.debug("{} failed ({}), {} messages lost, backoff {} in a row: {}", c, reason, c.queue.size(),
                peer.failures, why);
        int dropped = c.queue.size();
        c.queue.clear();
        c.queuedBytes = 0;
        for (int i = 0; i < dropped; i++) {
            failed(peer.address, reason);
        }
    }

    private void startBackoff(Peer peer, FailureReason reason) {
        peer.failures++;
        peer.reason = reason;
        peer.backoffUntil = now + Backoff.delayNanos(peer.failures, reconnectBaseNanos, reconnectMaxNanos,
                random.nextDouble());
    }

    /** Closes timed-out connects and idle connections; forgets peers with nothing left to remember. */
    private void sweep() {
        long next = now + sweepInterval();
        List<Connection> expired = new ArrayList<>();
        for (Connection c : connections) {
            long at = c.connecting ? c.connectDeadline : c.lastActivity + idleTimeoutNanos;
            if (now - at >= 0) {
                expired.add(c);
            } else if (at - next < 0) {
                next = at;
            }
        }
        for (Connection c : expired) {
            close(c, FailureReason.CONNECTION_CLOSED, c.connecting
                    ? "no connection within " + settings.connectTimeout().toMillis() + " ms"
                    : "idle for " + settings.idleTimeout().toMillis() + " ms", false);
        }
        peers.values().removeIf(p -> p.connection == null
                && (p.failures == 0 || now - p.backoffUntil - reconnectMaxNanos > 0));
        nextSweep = next;
    }

    private void failed(Address to, FailureReason reason) {
        try {
            receiver.onDeliveryFailure(to, reason);
        } catch (RuntimeException e) {
            LOG.warn("the receiver failed on a delivery failure to {}", to, e);
        }
    }

    private void dropped(Address from) {
        try {
            receiver.onDropped(from);
        } catch (RuntimeException e) {
            LOG.warn("the receiver failed on a drop from {}", from, e);
        }
    }

    /** On the I/O thread as it ends: closes everything without reporting; queued messages are discarded. */
    private void shutdown() {
        for (Connection c : connections) {
            closeQuietly(c.channel);
        }
        connections.clear();
        peers.clear();
        dirty.clear();
        commands.clear();
        tasks.clear();
        closeQuietly(server);
        closeQuietly(selector);
        LOG.debug("TCP transport on port {} closed", boundPort);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed", closeable, e);
        }
    }
}
