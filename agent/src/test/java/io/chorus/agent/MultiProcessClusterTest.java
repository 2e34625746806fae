package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real processes on loopback: five agents in separate JVMs, on the real transports, found by
 * ServiceLoader on the module path. They converge, a {@code kill -9} is detected as DEAD and a
 * SIGTERM is seen as a graceful LEFT. Deadlines are generous: the test checks what happens, not
 * how fast (the closing note of the transports issue reports the times).
 */
class MultiProcessClusterTest {
    private static final long DEADLINE_S = 90;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Agent a : agents) {
            a.process.destroyForcibly();
        }
        for (Agent a : agents) {
            a.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "--transport {0}")
    @ValueSource(strings = {"udp+tcp", "tcp"})
    void fiveProcessesConvergeDetectAKillAndSeeALeave(String transport) throws Exception {
        int n = 5;
        int[] ports = freePorts(n);
        for (int i = 0; i < n; i++) {
            List<String> args = new ArrayList<>(List.of("agent", "--name", "p" + i, "--bind", "127.0.0.1:" + ports[i],
                    "--profile", "local", "--transport", transport));
            if (i > 0) {
                args.add("--seed");
                args.add("127.0.0.1:" + ports[0]);
            }
            agents.add(Agent.start(args));
        }
        for (Agent a : agents) {
            for (int j = 0; j < n; j++) {
                String other = "p" + j + "@127.0.0.1:" + ports[j] + " ALIVE";
                if (!a.name.equals("p" + j)) {
                    a.await("sees p" + j + " join", l -> l.startsWith("joined " + other));
                }
            }
        }
        Agent victim = agents.get(n - 1);
        victim.process.destroyForcibly(); // kill -9: no goodbye
        for (Agent a : agents.subList(0, n - 1)) {
            a.await("marks p" + (n - 1) + " DEAD", l -> l.startsWith("failed p" + (n - 1) + "@") && l.contains(" DEAD "));
        }
        Agent leaver = agents.get(n - 2);
        leaver.process.destroy(); // SIGTERM: leave gracefully
        assertTrue(leaver.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits after SIGTERM");
        for (Agent a : agents.subList(0, n - 2)) {
            a.await("sees p" + (n - 2) + " leave", l -> l.startsWith("left p" + (n - 2) + "@"));
            assertTrue(a.lines.stream().noneMatch(l -> l.startsWith("failed p" + (n - 2) + "@")),
                    a.name + " declared the leaver DEAD: " + a.lines);
        }
        assertEquals(0, agents.get(0).process.isAlive() ? 0 : 1, "the seed still runs");
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                while (true) {
                    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                    try (DatagramSocket d = new DatagramSocket(s.getLocalPort(), InetAddress.getLoopbackAddress())) {
                        ports[i] = d.getLocalPort(); // free for TCP and UDP alike
                        held.add(s);
                        break;
                    } catch (IOException udpTaken) {
                        s.close();
                    }
                }
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private static final class Agent {
        final String name;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        private Agent(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("<stdout closed: " + e + ">");
                }
            }, "agent-" + name + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Agent start(List<String> args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-p", System.getProperty("jdk.module.path"),
                    "-m", "io.chorus.agent/io.chorus.agent.Main"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            return new Agent(args.get(2), pb.start());
        }

        void await(String what, Predicate<String> line) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
            while (lines.stream().noneMatch(line)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " never " + what + " within " + DEADLINE_S + " s; its output:\n"
                            + String.join("\n", lines));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }
}
