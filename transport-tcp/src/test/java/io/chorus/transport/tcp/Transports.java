package io.chorus.transport.tcp;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportReceiver;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Opens transports through the provider and closes every one a test opened. */
final class Transports implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";

    private final List<Closeable> open = new ArrayList<>();

    TcpTransport open(TransportReceiver receiver) {
        return open(receiver, LOOPBACK, 0, Map.of());
    }

    TcpTransport open(TransportReceiver receiver, Map<String, String> options) {
        return open(receiver, LOOPBACK, 0, options);
    }

    TcpTransport open(TransportReceiver receiver, String host, int port, Map<String, String> options) {
        ClusterConfig config = ClusterConfig.builder("node").bind(host, port).options(Options.of(options)).build();
        return open(config, receiver);
    }

    TcpTransport open(ClusterConfig config, TransportReceiver receiver) {
        TcpTransport transport = (TcpTransport) new TcpTransportProvider()
                .create(TransportContext.of(config, config.options(), receiver));
        open.add(transport::close);
        return transport;
    }

    /** @return a loopback port that nothing listens on (bound, then released) */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    static Address loopback(int port) {
        return new Address(LOOPBACK, port);
    }

    /** @return a payload whose bytes all derive from {@code seed} */
    static byte[] payload(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
