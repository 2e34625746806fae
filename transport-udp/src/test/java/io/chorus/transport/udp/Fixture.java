package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.spi.TransportContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Opens transports through the provider and closes every one of them after each test. */
final class Fixture implements AutoCloseable {
    private final List<UdpTransport> open = new ArrayList<>();

    /** @return a config bound to a free port on {@code host} */
    static ClusterConfig config(String host) {
        return ClusterConfig.builder("node").bind(host, 0).build();
    }

    UdpTransport open(String host, Recorder receiver) {
        return open(config(host), Options.empty(), receiver);
    }

    UdpTransport open(ClusterConfig config, Options options, Recorder receiver) {
        UdpTransport t = (UdpTransport) new UdpTransportProvider().create(TransportContext.of(config, options, receiver));
        open.add(t);
        return t;
    }

    @Override
    public void close() {
        open.forEach(UdpTransport::close);
        open.clear();
    }

    /** @return whether an IPv6 socket can bind {@code ::1} here */
    static boolean ipv6LoopbackAvailable() {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Waits, up to a deadline, for every live thread whose name matches to end, and fails if one
     * is still alive then.
     */
    static void assertNoThreads(Predicate<String> name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Recorder.AWAIT_SECONDS);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (name.test(t.getName())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                t.join(Math.max(1, left));
                assertTrue(!t.isAlive(), () -> "thread " + t.getName() + " is still alive");
            }
        }
    }
}
