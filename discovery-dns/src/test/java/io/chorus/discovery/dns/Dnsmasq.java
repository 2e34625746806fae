package io.chorus.discovery.dns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A real dnsmasq on 127.0.0.1 and a free high port, serving only the records a test gives it
 * (lines of dnsmasq configuration such as {@code host-record=} and {@code srv-host=}) for the
 * domain {@code chorus.test}, where every other name is NXDOMAIN. {@link #serve} replaces the
 * records: dnsmasq re-reads hosts files on SIGHUP but not {@code srv-host} lines, so it is
 * restarted on the same port, and the call returns once the new records are served. The binary
 * is looked for on the PATH and in the sbin directories, or named by {@code -Ddnsmasq.path}.
 */
final class Dnsmasq implements AutoCloseable {
    /** What a machine without dnsmasq should run; the skipped tests say so. */
    static final String INSTALL = "dnsmasq is not installed: apt-get install -y dnsmasq (CI installs it in .ci/run)";
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
    static Path binary() {
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
     * @param records lines of dnsmasq configuration
     * @return the running server
     */
    static Dnsmasq start(Path dir, String... records) throws IOException {
        Dnsmasq d = new Dnsmasq(dir, binary(), freePorts(1)[0]);
        d.serve(records);
        return d;
    }

    /** @return {@code 127.0.0.1:port}, the value of {@code discovery.dns.server} */
    String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * Replaces the records and waits until they are served.
     *
     * @param records lines of dnsmasq configuration
     */
    void serve(String... records) throws IOException {
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

    private boolean answers(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://" + server() + "/");
        env.put("com.sun.jndi.dns.timeout.initial", "200");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                return ctx.getAttributes(name + ".", new String[] {"A"}).get("A") != null;
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
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

    /**
     * @param n how many
     * @return {@code n} different ports, each free on 127.0.0.1 for both UDP and TCP (dnsmasq and
     *     the nodes bind both); each is held until all are found, so none is returned twice
     */
    static int[] freePorts(int n) throws IOException {
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
