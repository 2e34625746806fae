package io.chorus.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real dnsmasq on 127.0.0.1 and a free high port, serving only the records a test gives it
 * (lines of dnsmasq configuration such as {@code host-record=} and {@code srv-host=}) for the
 * domain {@code chorus.test}, where every other name is NXDOMAIN. {@link #serve} replaces the
 * records: dnsmasq re-reads hosts files on SIGHUP but not {@code srv-host} lines, so it is
 * restarted on the same port, and the call returns once the new records are served. The binary
 * is looked for on the PATH and in the sbin directories, or named by {@code -Ddnsmasq.path}.
 * Where there is none, the tests that need it are skipped, naming the install command.
 *
 * <p>Readiness is checked with a hand-made DNS query over UDP, not JNDI, so that a module that
 * does not read {@code java.naming} (the agent) can use it as well.
 */
public final class Dnsmasq implements AutoCloseable {
    /** What a machine without dnsmasq should run; the skipped tests say so. */
    public static final String INSTALL = "dnsmasq is not installed: apt-get install -y dnsmasq (CI installs it in .ci/run)";
    private static final long READY_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Path dir;
    private final Path binary;
    private final int port;
    private Process process;
    private int generation;

    private Dnsmasq(Path dir, Path binary, int port) {
        this.dir = dir;
        this.binary = binary;
        this.port = port;
    }

    /** @return the dnsmasq binary; skips the calling test, naming the install command, when there is none */
    public static Path binary() {
        Optional<Path> found = find();
        assumeTrue(found.isPresent(), INSTALL);
        return found.get();
    }

    private static Optional<Path> find() {
        String forced = System.getProperty("dnsmasq.path");
        if (forced != null) {
            // -Ddnsmasq.path=... picks the binary; a path that is not there shows how the tests skip
            return Optional.of(Path.of(forced)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "dnsmasq"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/dnsmasq"));
        candidates.add(Path.of("/usr/local/sbin/dnsmasq"));
        candidates.add(Path.of("/sbin/dnsmasq"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts dnsmasq with the records; skips the test when dnsmasq is not installed. Ports for
     * nodes are best picked after this, while dnsmasq holds its own.
     *
     * @param dir a directory for its configuration
     * @param records lines of dnsmasq configuration, none for an empty {@code chorus.test}
     * @return the running server
     * @throws IOException if its configuration cannot be written or it cannot be started
     */
    public static Dnsmasq start(Path dir, String... records) throws IOException {
        Dnsmasq d = new Dnsmasq(dir, binary(), freePorts(1)[0]);
        d.serve(records);
        return d;
    }

    /** @return {@code 127.0.0.1:port}, the value of {@code discovery.dns.server} */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * Replaces the records and waits until they are served.
     *
     * @param records lines of dnsmasq configuration
     * @throws IOException if its configuration cannot be written or it cannot be started
     */
    public void serve(String... records) throws IOException {
        stop();
        generation++;
        String ready = "ready-" + generation + ".chorus.test";
        List<String> lines = new ArrayList<>();
        lines.add("local=/chorus.test/");
        lines.add("host-record=" + ready + ",127.0.0.1");
        lines.addAll(List.of(records));
        Path conf = dir.resolve("dnsmasq-" + generation + ".conf");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--no-resolv", "--no-hosts",
                "--conf-file=" + conf, "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=", "--cache-size=0", "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq-" + generation + ".log").toFile()).start();
        long deadline = System.nanoTime() + READY_NANOS;
        while (!answers(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("dnsmasq-" + generation + ".log"));
                stop();
                throw new IllegalStateException("dnsmasq did not serve " + ready + " on " + server() + ": " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** One A question over UDP; true when the answer is NOERROR with at least one record. */
    private boolean answers(String name) throws IOException {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // id, RD, one question
        for (String label : name.split("\\.")) {
            q.write(label.length());
            q.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        q.writeBytes(new byte[] {0, 0, 1, 0, 1}); // root, type A, class IN
        byte[] query = q.toByteArray();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            s.send(new DatagramPacket(query, query.length, lo, port));
            byte[] buf = new byte[512];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            s.receive(reply);
            int rcode = buf[3] & 0x0f;
            int answers = ((buf[6] & 0xff) << 8) | (buf[7] & 0xff);
            return reply.getLength() >= 12 && buf[0] == 0x12 && buf[1] == 0x34 && rcode == 0 && answers > 0;
        } catch (SocketTimeoutException | PortUnreachableException e) {
            return false;
        }
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops dnsmasq. */
    @Override
    public void close() {
        stop();
    }

    /**
     * @param n how many
     * @return {@code n} different ports, each free on 127.0.0.1 for both UDP and TCP (dnsmasq and
     *     the nodes bind both); each is held until all are found, so none is returned twice
     * @throws IOException if there are not that many
     */
    public static int[] freePorts(int n) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        List<AutoCloseable> held = new ArrayList<>();
        int[] ports = new int[n];
        try {
            int found = 0;
            for (int tries = 0; found < n && tries < 50 * n; tries++) {
                DatagramSocket udp = new DatagramSocket(0, lo);
                held.add(udp);
                try {
                    held.add(new ServerSocket(udp.getLocalPort(), 1, lo));
                    ports[found++] = udp.getLocalPort();
                } catch (IOException busy) {
                    // taken for TCP: try another
                }
            }
            if (found < n) {
                throw new IOException("no " + n + " free ports on 127.0.0.1 for both UDP and TCP");
            }
            return ports;
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a probe socket
                }
            }
        }
    }
}
