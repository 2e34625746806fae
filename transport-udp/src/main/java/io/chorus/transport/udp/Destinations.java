package io.chorus.transport.udp;

import io.chorus.api.Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns destination {@link Address}es into socket addresses without making a sender wait on DNS.
 * An IP literal is parsed on the spot (no look-up) and remembered. A hostname is looked up on a
 * resolver thread that starts when needed and stops when idle; until the first answer, packets to
 * it are dropped (and counted by the transport), and afterwards the answer is used for
 * {@link #HOSTNAME_TTL_NANOS} and then refreshed in the background while the old one stays in use.
 * A failed look-up is retried after {@link #FAILED_TTL_NANOS}.
 */
final class Destinations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Destinations.class);

    /** How long a hostname's answer is used before it is looked up again. */
    static final long HOSTNAME_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long after a failed look-up the next one is tried. */
    static final long FAILED_TTL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Past this many destinations the cache starts over, so a stream of new ones cannot grow it without end. */
    static final int MAX_ENTRIES = 4096;
    private static final long RESOLVER_IDLE_SECONDS = 5;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** What is known about one destination; {@code target} is null when the last look-up failed. */
    private record Entry(InetSocketAddress target, long expiresAt, boolean permanent) {
    }

    private final ConcurrentHashMap<Address, Entry> cache = new ConcurrentHashMap<>();
    private final Set<Address> pending = ConcurrentHashMap.newKeySet();
    private final String threadName;
    private final Object lock = new Object();
    private ThreadPoolExecutor resolver;
    private boolean closed;

    /** @param threadName the name of the resolver thread, when one runs */
    Destinations(String threadName) {
        this.threadName = threadName;
    }

    /**
     * @param to a destination
     * @return where to send, or null when that is not known yet (a hostname being looked up) or
     *     cannot be known (it does not resolve)
     */
    InetSocketAddress target(Address to) {
        Entry e = cache.get(to);
        if (e != null && (e.permanent || System.nanoTime() - e.expiresAt < 0)) {
            return e.target;
        }
        if (e == null && Addresses.isLiteral(to.host())) {
            try {
                InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(to.host()), to.port());
                remember(to, new Entry(target, 0, true));
                return target;
            } catch (UnknownHostException | RuntimeException ex) {
                LOG.debug("UDP: cannot parse destination {}", to, ex);
                return null;
            }
        }
        lookUp(to);
        return e == null ? null : e.target;
    }

    private void remember(Address to, Entry e) {
        if (cache.size() >= MAX_ENTRIES && !cache.containsKey(to)) {
            cache.clear();
        }
        cache.put(to, e);
    }

    private void lookUp(Address to) {
        if (!pending.add(to)) {
            return;
        }
        try {
            synchronized (lock) {
                if (closed) {
                    pending.remove(to);
                    return;
                }
                if (resolver == null) {
                    resolver = new ThreadPoolExecutor(0, 1, RESOLVER_IDLE_SECONDS, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, threadName);
                                t.setDaemon(true);
                                return t;
                            });
                }
                resolver.execute(() -> resolve(to));
            }
        } catch (RejectedExecutionException ex) {
            pending.remove(to);
        }
    }

    private void resolve(Address to) {
        try {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(to.host()), to.port());
            remember(to, new Entry(target, System.nanoTime() + HOSTNAME_TTL_NANOS, false));
        } catch (UnknownHostException | RuntimeException ex) {
            LOG.debug("UDP: cannot resolve {}; packets to it are dropped until it resolves", to, ex);
            remember(to, new Entry(null, System.nanoTime() + FAILED_TTL_NANOS, false));
        } finally {
            pending.remove(to);
        }
    }

    /** Stops the resolver thread, waiting a bounded time for a look-up in progress. Idempotent. */
    @Override
    public void close() {
        ThreadPoolExecutor r;
        synchronized (lock) {
            closed = true;
            r = resolver;
        }
        if (r == null) {
            return;
        }
        r.shutdownNow();
        try {
            if (!r.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("UDP: thread {} is still waiting on a name look-up after close", threadName);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
