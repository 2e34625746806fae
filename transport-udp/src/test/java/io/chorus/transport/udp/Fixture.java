package io.chorus.transport.udp;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Opens transports through the provider and closes every one of them after each test. */
final class Fixture implements AutoCloseable {
    private final List<UdpTransport> open = new ArrayList<>();

    /** @return a config bound to a free port on {@code host} */
    static ClusterConfig config(String host) {
        return ClusterConfig.builder("node").bind(host, 0).build();
    }

    UdpTransport open(String host, TransportReceiver receiver) {
        return open(config(host), Options.empty(), receiver);
    }

    UdpTransport open(ClusterConfig config, Options options, TransportReceiver receiver) {
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
    static void assertNoThreads(Predicate<String> name) {
        Await.until("no thread whose name matches is alive", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && name.test(t.getName())));
    }
}
