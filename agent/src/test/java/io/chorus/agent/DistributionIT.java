package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator gets it: {@code chorus-VERSION.tar.gz} unpacked in an empty
 * directory outside the checkout, run through {@code bin/chorus} with nothing but a Java runtime
 * ({@code JAVA_HOME}, a bare {@code PATH}, no Maven, no sources): it prints its version from any
 * directory, runs an agent that takes a plugin from its own {@code plugins/} (chosen by
 * {@code --hash}), answers {@code bin/chorus members}, and exits 0 on SIGTERM.
 */
class DistributionIT {
    private static final long DEADLINE_S = 60;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process start(Path cwd, List<String> command, List<String> lines) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        Map<String, String> env = b.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = b.start();
        processes.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("<closed: " + e + ">");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private String run(Path cwd, String... command) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Process p = start(cwd, List.of(command), lines);
        assertTrue(p.waitFor(DEADLINE_S, TimeUnit.SECONDS), String.join(" ", command));
        p.getInputStream().close();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.isAlive() && System.nanoTime() < until) {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + lines);
        return String.join("\n", lines);
    }

    private static void await(List<String> lines, String what, java.util.function.Predicate<String> line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (lines.stream().noneMatch(line)) {
            assertTrue(System.nanoTime() < deadline, what + "; output:\n" + String.join("\n", lines));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void theTarballRunsAnAgentWithOnlyAJavaRuntime() throws Exception {
        Path tarball = Path.of(System.getProperty("chorus.test.dist"));
        assertTrue(Files.isRegularFile(tarball), "mvn package builds " + tarball);
        Path empty = Files.createTempDirectory("chorus-dist-");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", empty.toString()).inheritIO().start();
        assertTrue(tar.waitFor(DEADLINE_S, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue());
        Path home;
        try (Stream<Path> top = Files.list(empty)) {
            home = top.findFirst().orElseThrow();
        }
        assertEquals("chorus-" + Build.version(), home.getFileName().toString());
        Path bin = home.resolve("bin/chorus");
        assertTrue(Files.isExecutable(bin), "bin/chorus is executable");
        assertTrue(Files.isDirectory(home.resolve("plugins")));
        assertTrue(Files.isRegularFile(home.resolve("conf/chorus.json")));
        assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License"));
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(jars.contains("chorus-agent-" + Build.version() + ".jar"), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("picocli-")) && jars.stream().anyMatch(j -> j.startsWith(
                    "logback-classic-")), jars.toString());
            assertTrue(jars.stream().noneMatch(j -> j.contains("junit") || j.contains("testkit") || j.contains("fnv")),
                    "no test jars: " + jars);
        }

        assertTrue(run(Path.of("/"), bin.toString(), "version").startsWith("chorus " + Build.version() + " (Java "),
                "runs from any directory");

        Path fnv = Path.of(System.getProperty("chorus.test.fnv.jar"));
        Files.copy(fnv, home.resolve("plugins").resolve(fnv.getFileName()));
        int port = AgentProcess.freePorts(1)[0];
        List<String> lines = new CopyOnWriteArrayList<>();
        Process agent = start(empty, List.of(bin.toString(), "agent", "--name", "dist-1", "--bind", "127.0.0.1:" + port,
                "--http", "127.0.0.1:0", "--profile", "local", "--hash", "fnv1a"), lines);
        await(lines, "the agent serves HTTP", l -> l.startsWith("http on "));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("plugin com.example.chorus.fnv from " + home.resolve("plugins"))),
                "plugins/ of the distribution is the default plugin directory: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("provider hash function fnv1a ")), lines.toString());
        String http = lines.stream().filter(l -> l.startsWith("http on ")).findFirst().orElseThrow().substring(8);
        String table = run(empty, bin.toString(), "members", "--http", http);
        assertTrue(table.contains("dist-1") && table.contains("ALIVE"), table);

        agent.destroy(); // SIGTERM: bin/chorus exec'd java, so the signal reaches the node
        assertTrue(agent.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits after SIGTERM");
        assertEquals(0, agent.exitValue(), String.join("\n", lines));
    }
}
