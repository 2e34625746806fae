package io.chorus.transport.udp;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets over one non-blocking {@link DatagramChannel}. Any thread may send: a send either hands
 * the datagram to the operating system at once or drops it (socket buffer full, no route,
 * destination not resolved yet), counts it and returns; it never waits and never throws for
 * network trouble. Because the channel is non-blocking, an interrupted sender does not close it.
 *
 * <p>One daemon thread, {@code chorus-udp-<port>}, waits on a selector and reads datagrams into a
 * single reused buffer of budget + 1 bytes, so a datagram that fills it was longer than the budget
 * and is dropped whole; empty datagrams are dropped too. Both are reported through
 * {@link TransportReceiver#onDropped}. Whatever the receiver throws is caught and counted: the
 * loop ends only when the transport is closed.
 */
final class UdpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);

    /** Every thread this transport starts has a name that begins so. */
    static final String THREAD_PREFIX = "chorus-udp-";
    /** How long {@link #close()} waits for the receive thread. */
    static final long CLOSE_WAIT_MILLIS = 5000;
    /** Sender addresses remembered by the receive thread before it starts over. */
    private static final int MAX_SENDERS = 1024;
    /** A pause after an unexpected I/O error, so a persistent one cannot spin the receive thread. */
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DatagramChannel channel;
    private final Selector selector;
    private final int budget;
    private final Address local;
    private final TransportReceiver receiver;
    private final Destinations destinations;
    private final Thread receiveThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder receiveErrors = new LongAdder();

    private UdpTransport(DatagramChannel channel, Selector selector, int budget, Address local, int boundPort,
            TransportReceiver receiver) {
        this.channel = channel;
        this.selector = selector;
        this.budget = budget;
        this.local = local;
        this.receiver = receiver;
        this.destinations = new Destinations(THREAD_PREFIX + boundPort + "-resolver");
        this.receiveThread = new Thread(this::receiveLoop, THREAD_PREFIX + boundPort);
        this.receiveThread.setDaemon(true);
    }

    /**
     * Binds and starts receiving.
     *
     * @param config bind and advertise addresses
     * @param settings the checked options
     * @param receiver where packets go
     * @return the running transport
     * @throws ChorusException if the address cannot be bound; the message names it
     */
    static UdpTransport open(ClusterConfig config, UdpSettings settings, TransportReceiver receiver) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(receiver, "receiver");
        String where = Addresses.format(config.bindHost(), config.bindPort());
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(config.bindHost());
        } catch (UnknownHostException e) {
            throw new ChorusException("cannot bind the UDP transport to " + where + ": host '" + config.bindHost()
                    + "' does not resolve; bind an IP address of this machine, or 0.0.0.0 or :: for all", e);
        }
        DatagramChannel channel = null;
        Selector selector = null;
        try {
            ProtocolFamily family = bindAddress instanceof Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            channel = DatagramChannel.open(family);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBuffer());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBuffer());
            channel.bind(new InetSocketAddress(bindAddress, config.bindPort()));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            int boundPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            logBufferSizes(channel, settings);
            UdpTransport t = new UdpTransport(channel, selector, settings.packetBudget(),
                    AdvertisedAddress.of(config, bindAddress, boundPort), boundPort, receiver);
            t.receiveThread.start();
            LOG.debug("UDP transport bound to {}, advertised as {}, packet budget {} bytes",
                    Addresses.format(Addresses.hostText(bindAddress), boundPort), t.local, t.budget);
            return t;
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            closeQuietly(channel);
            if (e instanceof ChorusException ce) {
                throw ce;
            }
            throw new ChorusException("cannot bind the UDP transport to " + where
                    + ": the address is in use or cannot be bound on this machine (" + e.getMessage()
                    + "); choose another port, or an address this machine has", e);
        }
    }

    private static void logBufferSizes(DatagramChannel channel, UdpSettings settings) throws IOException {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        int rcv = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        int snd = channel.getOption(StandardSocketOptions.SO_SNDBUF);
        if (rcv < settings.receiveBuffer() || snd < settings.sendBuffer()) {
            LOG.debug("UDP socket buffers capped by the operating system: receive {} of {} bytes, send {} of {}"
                    + " (on Linux raise net.core.rmem_max and net.core.wmem_max)",
                    rcv, settings.receiveBuffer(), snd, settings.sendBuffer());
        }
    }

    @Override
    public Address localAddress() {
        return local;
    }

    @Override
    public int packetBudget() {
        return budget;
    }

    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > budget) {
            throw new IllegalArgumentException("a packet of " + length + " bytes exceeds the UDP packet budget of "
                    + budget + " bytes (" + UdpSettings.PACKET_BUDGET.key() + "); packets are never truncated");
        }
        if (closed.get()) {
            sendFailures.increment();
            return;
        }
        InetSocketAddress target = destinations.target(to);
        if (target == null) {
            sendFailures.increment();
            return;
        }
        try {
            if (channel.send(ByteBuffer.wrap(data, offset, length), target) == 0) {
                sendFailures.increment();
                LOG.debug("UDP: socket send buffer full, packet to {} dropped", to);
            } else {
                sent.increment();
            }
        } catch (IOException | RuntimeException e) {
            sendFailures.increment();
            if (!(e instanceof ClosedChannelException)) {
                LOG.debug("UDP: packet to {} not sent", to, e);
            }
        }
    }

    @Override
    public boolean supportsFrames() {
        return false;
    }

    /** @throws UnsupportedOperationException always: UDP carries packets only */
    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        throw new UnsupportedOperationException("the UDP transport carries packets only, not frames: add "
                + "io.chorus:chorus-transport-tcp (module io.chorus.transport.tcp) for streams");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(channel);
        // closing the selector wakes the receive thread and releases the port
        closeQuietly(selector);
        destinations.close();
        if (Thread.currentThread() == receiveThread) {
            return;
        }
        try {
            receiveThread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiveThread.isAlive()) {
            LOG.warn("UDP: thread {} did not stop within {} ms of close; the receiver is still busy",
                    receiveThread.getName(), CLOSE_WAIT_MILLIS);
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(budget + 1);
        byte[] bytes = buffer.array();
        Map<SocketAddress, Address> senders = new HashMap<>();
        while (!closed.get()) {
            try {
                selector.select();
                selector.selectedKeys().clear();
                // an interrupt would make every later select return at once: only close() stops this loop
                Thread.interrupted();
                for (;;) {
                    buffer.clear();
                    SocketAddress source = channel.receive(buffer);
                    if (source == null) {
                        break;
                    }
                    deliver(source, bytes, buffer.position(), senders);
                }
            } catch (ClosedChannelException | ClosedSelectorException e) {
                break;
            } catch (IOException | RuntimeException | Error e) {
                if (closed.get()) {
                    break;
                }
                receiveErrors.increment();
                LOG.debug("UDP: receive failed on {}", local, e);
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
            }
        }
    }

    private void deliver(SocketAddress source, byte[] bytes, int length, Map<SocketAddress, Address> senders) {
        Address from = senders.get(source);
        if (from == null) {
            try {
                from = Addresses.of((InetSocketAddress) source);
            } catch (RuntimeException e) {
                receiveErrors.increment();
                LOG.debug("UDP: datagram from unusable sender {} dropped", source, e);
                return;
            }
            if (senders.size() >= MAX_SENDERS) {
                senders.clear();
            }
            senders.put(source, from);
        }
        if (length == 0 || length > budget) {
            dropped.increment();
            try {
                receiver.onDropped(from);
            } catch (RuntimeException | Error e) {
                receiverFailed(from, e);
            }
            return;
        }
        received.increment();
        try {
            receiver.onPacket(from, bytes, 0, length);
        } catch (RuntimeException | Error e) {
            receiverFailed(from, e);
        }
    }

    private void receiverFailed(Address from, Throwable e) {
        receiveErrors.increment();
        if (e instanceof VirtualMachineError) {
            LOG.warn("UDP: the receiver failed on a packet from {}; receiving goes on", from, e);
        } else {
            LOG.debug("UDP: the receiver failed on a packet from {}", from, e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("UDP: close failed", e);
        }
    }

    /** @return packets handed to the operating system */
    long packetsSent() {
        return sent.sum();
    }

    /** @return packets not sent: closed, unresolved destination, full socket buffer or network error */
    long sendFailures() {
        return sendFailures.sum();
    }

    /** @return packets handed to the receiver */
    long packetsReceived() {
        return received.sum();
    }

    /** @return datagrams dropped as empty or longer than the budget */
    long packetsDropped() {
        return dropped.sum();
    }

    /** @return receive errors and receiver failures, each survived */
    long receiveErrors() {
        return receiveErrors.sum();
    }

    /** @return the receive thread, for tests */
    Thread receiveThread() {
        return receiveThread;
    }

    @Override
    public String toString() {
        return "UdpTransport[" + local + ", budget " + budget + " bytes" + (closed.get() ? ", closed" : "") + "]";
    }
}
