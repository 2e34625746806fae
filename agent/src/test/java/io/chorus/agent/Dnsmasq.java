package io.chorus.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
 * A real dnsmasq on 127.0.0.1 serving only the records a test gives it for {@code chorus.test}
 * (every other name there is NXDOMAIN). {@link #serve} replaces the records by restarting it on the
 * same port (it does not re-read {@code srv-host} lines on SIGHUP) and returns once they are served.
 * Tests that need it are skipped, naming the install command, where dnsmasq is missing. The
 * discovery-dns module's tests have the same helper; this one checks readiness with a hand-made
 * DNS query, as the agent module does not read {@code java.naming}.
 */
final class Dnsmasq implements AutoCloseable {
    static final String INSTALL = "dnsmasq is not installed: apt-get install -y dnsmasq (CI installs it in .ci/run)";

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

    /** Starts dnsmasq with no records yet; skips the test when it is not installed. */
    static Dnsmasq start(Path dir) throws IOException {
        Optional<Path> found = find();
        assumeTrue(found.isPresent(), INSTALL);
        Dnsmasq d = new Dnsmasq(dir, found.get(), AgentProcess.freePorts(1)[0]);
        d.serve();
        return d;
    }

    private static Optional<Path> find() {
        String forced = System.getProperty("dnsmasq.path");
        if (forced != null) {
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
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** @return {@code 127.0.0.1:port}, for {@code --dns-server} */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** Replaces the records (lines of dnsmasq configuration) and waits until they are served. */
    void serve(String... records) throws IOException {
        stop();
        generation++;
        String ready = "ready-" + generation + ".chorus.test";
        List<String> lines = new ArrayList<>(List.of("local=/chorus.test/", "host-record=" + ready + ",127.0.0.1"));
        lines.addAll(List.of(records));
        Path conf = dir.resolve("dnsmasq-" + generation + ".conf");
        Path log = dir.resolve("dnsmasq-" + generation + ".log");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--no-resolv", "--no-hosts",
                "--conf-file=" + conf, "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=", "--cache-size=0", "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String text = Files.readString(log);
                stop();
                throw new IllegalStateException("dnsmasq did not serve " + ready + " on " + server() + ": " + text);
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
        } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
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

    @Override
    public void close() {
        stop();
    }
}
