package io.chorus.testkit;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network in memory, for tests that run nodes in one JVM without sockets: the transports that
 * {@link InMemoryTransportProvider}s of one network create reach each other by address.
 *
 * <p>Delivery is synchronous: {@code sendPacket} and {@code sendFrame} hand a copy of the bytes to
 * the destination's receiver on the caller's thread before they return, so nothing is lost,
 * reordered or duplicated, and a test needs no wait to see a message arrive. Packets to an address
 * nobody holds vanish, as on a real network; frames to one are reported to the sender's receiver
 * as {@link io.chorus.api.FailureReason#CONNECTION_REFUSED}, as a closed TCP port would be. What a
 * receiver throws never reaches the sender: it is kept in {@link #receiverFailures()}, as a real
 * transport would log and count it.
 *
 * <p>Addresses: a transport takes its config's bind host (a wildcard, {@code 0.0.0.0} or
 * {@code ::}, becomes {@code 127.0.0.1}) and bind port; port 0 takes the next free port from
 * 17000. An address already held fails {@code create} with a {@link ChorusException} naming it,
 * and {@code close()} frees it at once. Advertise settings are ignored: the bound address is the
 * one others dial.
 */
public final class InMemoryNetwork {
    /** The packet budget unless another is given: 1400 bytes, UDP's default. */
    public static final int DEFAULT_PACKET_BUDGET = 1400;
    private static final int FIRST_PORT = 17000;
    private static final int LAST_PORT = 65535;

    private final int packetBudget;
    private final ConcurrentMap<Address, InMemoryTransport> bound = new ConcurrentHashMap<>();
    private final List<Throwable> receiverFailures = new CopyOnWriteArrayList<>();
    private int nextPort = FIRST_PORT;

    /** A network whose transports have a packet budget of {@link #DEFAULT_PACKET_BUDGET}. */
    public InMemoryNetwork() {
        this(DEFAULT_PACKET_BUDGET);
    }

    /**
     * @param packetBudget the largest packet its transports send, from 512 to 65507 bytes
     * @throws IllegalArgumentException if out of that range
     */
    public InMemoryNetwork(int packetBudget) {
        if (packetBudget < 512 || packetBudget > 65_507) {
            throw new IllegalArgumentException("a packet budget of " + packetBudget + " bytes: it must be 512 to 65507");
        }
        this.packetBudget = packetBudget;
    }

    /** @return the largest packet its transports send, in bytes */
    public int packetBudget() {
        return packetBudget;
    }

    /** @return the addresses held by open transports now */
    public Set<Address> addresses() {
        return Set.copyOf(bound.keySet());
    }

    /** @return what receivers threw while a message was handed to them, oldest first */
    public List<Throwable> receiverFailures() {
        return List.copyOf(receiverFailures);
    }

    /** Binds a transport for {@link InMemoryTransportProvider#create}. */
    Transport bind(TransportContext context) {
        ClusterConfig config = context.config();
        String host = config.bindHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        }
        if (config.bindPort() != 0) {
            Address local = new Address(host, config.bindPort());
            InMemoryTransport t = new InMemoryTransport(this, local, context.receiver());
            if (bound.putIfAbsent(local, t) != null) {
                throw new ChorusException("cannot bind the in-memory transport to " + local
                        + ": the address is in use on this network; choose another port, or 0 for a free one");
            }
            return t;
        }
        synchronized (this) {
            for (int tries = FIRST_PORT; tries <= LAST_PORT; tries++) {
                Address local = new Address(host, nextPort);
                nextPort = nextPort == LAST_PORT ? FIRST_PORT : nextPort + 1;
                InMemoryTransport t = new InMemoryTransport(this, local, context.receiver());
                if (bound.putIfAbsent(local, t) == null) {
                    return t;
                }
            }
        }
        throw new ChorusException("cannot bind the in-memory transport to " + host + ":0: every port from "
                + FIRST_PORT + " to " + LAST_PORT + " is in use on this network");
    }

    /** @return the open transport at {@code address}, or null */
    InMemoryTransport find(Address address) {
        return bound.get(address);
    }

    /** Frees {@code t}'s address. */
    void unbind(InMemoryTransport t) {
        bound.remove(t.localAddress(), t);
    }

    /** Keeps what a receiver threw. */
    void receiverFailed(Throwable t) {
        receiverFailures.add(t);
    }

    @Override
    public String toString() {
        return "InMemoryNetwork[" + bound.size() + " transports, packet budget " + packetBudget + " bytes]";
    }
}
