package io.chorus.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code chorus demo --ui [--nodes N]}: N agents on loopback, each a JVM of its own with the HTTP
 * endpoint on a fixed port, kept up until Ctrl-C or SIGTERM, so that a person can watch the live
 * view and break things. Once the agents converge it prints the first agent's view address, then
 * reads commands from standard input: {@code kill NAME} (SIGKILL), {@code stop NAME} (SIGTERM: a
 * graceful leave), {@code start NAME} (the same agent again: it rejoins with a higher incarnation,
 * and its view, at the same address, reconnects by itself), {@code list}, {@code quit}. Without a
 * terminal (standard input closed) it simply waits for the signal.
 *
 * <p>Every agent after the first seeds from all the others, and the first from none at start, from
 * all the others when restarted, so any agent can be restarted while one other runs. Ctrl-C,
 * SIGTERM or {@code quit} stops every agent (each leaves gracefully) and exits 0; 1 when the
 * agents do not come up or converge within 30 s.
 */
final class DemoUi {
    private static final long STEP_TIMEOUT_MS = 30_000;
    static final String COMMANDS = "kill NAME (SIGKILL), stop NAME (SIGTERM, a graceful leave), start NAME, list, quit";

    private final int n;
    private final PrintStream out;
    private final List<String> names = new ArrayList<>();
    private final List<List<String>> flags = new ArrayList<>();
    private final List<String> http = new ArrayList<>();
    private final AgentProcess[] agents;
    private final long t0 = System.nanoTime();

    private DemoUi(int n, PrintStream out) {
        this.n = n;
        this.out = out;
        this.agents = new AgentProcess[n];
    }

    /**
     * @param n agents, 3 to {@link DemoCommand#MAX_NODES}
     * @param in commands, a line each
     * @return the exit code: 0 after {@code quit} (a signal exits 0 from the shutdown hook), 1 when the agents fail
     */
    static int run(int n, InputStream in, PrintStream out, PrintStream err) {
        DemoUi demo = new DemoUi(n, out);
        Thread hook = new Thread(() -> {
            demo.stopAll();
            out.println(demo.stamp() + "stopped the " + n + " agents; bye");
            out.flush();
            // the process ends as it was asked to: that is success
            Runtime.getRuntime().halt(0);
        }, "chorus-demo-ui-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            demo.commands(in);
            Runtime.getRuntime().removeShutdownHook(hook);
            demo.stopAll();
            out.println(demo.stamp() + "stopped the " + n + " agents; bye");
            return 0;
        } catch (IOException | IllegalStateException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            demo.stopAll();
            err.println(DemoCommand.PREFIX + e.getMessage());
            return 1;
        }
    }

    private void start() throws IOException {
        int[] ports = AgentProcess.freePorts(2 * n);
        for (int i = 0; i < n; i++) {
            names.add("node-" + (i + 1));
            http.add("127.0.0.1:" + ports[n + i]);
        }
        for (int i = 0; i < n; i++) {
            List<String> f = new ArrayList<>(List.of("--name", names.get(i), "--bind", "127.0.0.1:" + ports[i], "--http",
                    http.get(i), "--tag", "zone=zone-" + (char) ('a' + i % 3), "--log-level", "warn"));
            for (int j = 0; j < n; j++) {
                if (j != i && i > 0) {
                    f.addAll(List.of("--seed", names.get(j) + "@127.0.0.1:" + ports[j]));
                }
            }
            flags.add(f);
        }
        say("starting " + n + " agents on 127.0.0.1, each a JVM of its own, each with its live view");
        launch(0, flags.get(0));
        awaitUp(0);
        for (int i = 1; i < n; i++) {
            launch(i, flags.get(i));
        }
        for (int i = 1; i < n; i++) {
            awaitUp(i);
        }
        awaitConverged();
        say("converged: every agent sees all " + n + " members ALIVE");
        out.println();
        out.println("  the live view:  http://" + http.get(0) + "/");
        out.println();
        for (int i = 1; i < n; i++) {
            out.println("  " + names.get(i) + "'s view:  http://" + http.get(i) + "/");
        }
        out.println("  commands: " + COMMANDS + "; Ctrl-C stops everything");
        out.flush();
    }

    /** @return the flags the agent starts with: the first one seeds from the others only when it starts again */
    private List<String> restartFlags(int i) {
        List<String> f = new ArrayList<>(flags.get(i));
        if (i == 0) {
            for (int j = 1; j < n; j++) {
                String bind = flags.get(j).get(flags.get(j).indexOf("--bind") + 1);
                f.addAll(List.of("--seed", names.get(j) + "@" + bind));
            }
        }
        return f;
    }

    private void launch(int i, List<String> f) throws IOException {
        agents[i] = AgentProcess.start(names.get(i), DemoCommand.JVM, f);
    }

    private void awaitUp(int i) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        AgentProcess a = agents[i];
        while (a.line("http on ").isEmpty()) {
            if (!a.process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(a.name + " did not come up" + (a.process.isAlive() ? " within 30 s"
                        : " (exit code " + a.process.exitValue() + ")") + "; its output:\n" + a.tail(20));
            }
            pause();
        }
    }

    private void awaitConverged() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (alive(0) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agents did not converge within 30 s: " + names.get(0) + " sees "
                        + alive(0) + " of " + n + " ALIVE");
            }
            pause();
        }
    }

    /** @return how many members agent {@code i} holds ALIVE (0 when it does not answer) */
    private int alive(int i) {
        try {
            int count = 0;
            for (var m : Json.MAPPER.readTree(AgentClient.get(http.get(i), "/members")).values()) {
                if (m.path("state").asString("").equals("ALIVE")) {
                    count++;
                }
            }
            return count;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Reads commands until {@code quit}; at the end of input, waits for the signal. */
    private void commands(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            String[] words = line.trim().split("\\s+");
            String verb = words[0].toLowerCase(Locale.ROOT);
            if (verb.isEmpty()) {
                continue;
            }
            if (verb.equals("quit") || verb.equals("exit")) {
                return;
            }
            command(verb, words.length > 1 ? words[1] : "");
        }
        try {
            new java.util.concurrent.CountDownLatch(1).await(); // no more commands: run until the signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void command(String verb, String name) throws IOException {
        int i = names.indexOf(name);
        switch (verb) {
            case "list" -> {
                for (int k = 0; k < n; k++) {
                    AgentProcess a = agents[k];
                    out.println(String.format(Locale.ROOT, "  %-8s %-8s pid %-8d http://%s/", names.get(k),
                            a.process.isAlive() ? "running" : "stopped", a.process.pid(), http.get(k)));
                }
            }
            case "kill", "stop", "start" -> {
                if (i < 0) {
                    say("no agent '" + name + "': the agents are " + String.join(", ", names));
                } else if (verb.equals("start")) {
                    if (agents[i].process.isAlive()) {
                        say(name + " is running; kill or stop it first");
                    } else {
                        launch(i, restartFlags(i));
                        say(name + " starts again: it rejoins ALIVE with a higher incarnation");
                    }
                } else if (!agents[i].process.isAlive()) {
                    say(name + " is not running; start it again with: start " + name);
                } else if (verb.equals("kill")) {
                    agents[i].process.destroyForcibly();
                    say(name + " killed (SIGKILL): the others suspect it, then mark it DEAD");
                } else {
                    agents[i].process.destroy();
                    say(name + " stops (SIGTERM): it leaves gracefully, and the others mark it LEFT");
                }
            }
            default -> say("unknown command '" + verb + "': " + COMMANDS);
        }
        out.flush();
    }

    private String stamp() {
        return String.format(Locale.ROOT, "[%6.2fs] ", (System.nanoTime() - t0) / 1e9);
    }

    private void say(String line) {
        out.println(stamp() + line);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private synchronized void stopAll() {
        for (AgentProcess a : agents) {
            if (a != null) {
                a.process.destroy();
            }
        }
        for (AgentProcess a : agents) {
            try {
                if (a != null && !a.process.waitFor(10, TimeUnit.SECONDS)) {
                    a.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                a.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
