package io.chorus.agent;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An agent in a JVM of its own, started from this one with the same module path (and class path, if any): the demo's
 * nodes (and the multi-process tests'). It keeps every line the agent prints on standard output
 * and error.
 */
final class AgentProcess {
    final String name;
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private AgentProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
            }
        }, "agent-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Kills every agent listed ({@code kill -9}: no goodbye), then waits up to 10 s for each to end.
     *
     * @param agents the agents
     * @throws InterruptedException if interrupted while waiting
     */
    static void killAll(List<AgentProcess> agents) throws InterruptedException {
        for (AgentProcess a : agents) {
            a.process.destroyForcibly();
        }
        for (AgentProcess a : agents) {
            a.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Starts {@code chorus agent} with {@code args} (which hold {@code --name}) in a new JVM.
     *
     * @param name the node's name, for messages
     * @param jvm JVM flags, such as the heap size
     * @param args the agent's flags
     * @return the running agent
     * @throws IOException if the JVM cannot be started
     */
    static AgentProcess start(String name, List<String> jvm, List<String> args) throws IOException {
        return start(name, jvm, args, Map.of());
    }

    /**
     * Starts {@code chorus agent} with {@code args} and the agent's environment variables {@code env}
     * in a new JVM. The agent's variables this JVM has ({@link AgentArgs#ENV_KEYS}) are not passed on:
     * the new agent is configured by {@code args} and {@code env} only.
     *
     * @param name the node's name, for messages
     * @param jvm JVM flags, such as the heap size
     * @param args the agent's flags
     * @param env variables to set, as {@code CHORUS_BIND}
     * @return the running agent
     * @throws IOException if the JVM cannot be started
     */
    static AgentProcess start(String name, List<String> jvm, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of("agent"));
        command.addAll(args);
        return run(name, jvm, command, env);
    }

    /**
     * Starts any {@code chorus} command (as {@code demo --ui}) in a new JVM, as {@link #start} does an agent.
     *
     * @param name a name for messages
     * @param jvm JVM flags
     * @param command the command and its flags
     * @param env variables to set
     * @return the running process
     * @throws IOException if the JVM cannot be started
     */
    static AgentProcess run(String name, List<String> jvm, List<String> command, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isEmpty()) {
            throw new IOException("this JVM has no module path to start agents from (run it through ./chorus)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            // a test JVM keeps the automatic modules nothing requires by name (the Prometheus client's jars, which
            // Micrometer's registry loads) on its class path: the agent gets the same layout
            cmd.addAll(List.of("-cp", classPath));
        }
        cmd.addAll(List.of("-p", modulePath, "-m", "io.chorus.agent/io.chorus.agent.Main"));
        cmd.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().keySet().removeAll(AgentArgs.ENV_KEYS.keySet());
        builder.environment().putAll(env);
        return new AgentProcess(name, builder.start());
    }

    /** @return the first printed line that starts with {@code prefix}, without the prefix */
    Optional<String> line(String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return Optional.of(l.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /** @return the last {@code n} lines the agent printed, for an error message */
    String tail(int n) {
        List<String> all = List.copyOf(lines);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * Picks ports free on loopback for both TCP and UDP right now, below the kernel's ephemeral range,
     * so that no socket bound to port 0 and no outgoing connection takes one before its agent binds
     * it (another agent's {@code --http 127.0.0.1:0}, or a dial).
     *
     * @param n how many
     * @return the ports, distinct
     * @throws IOException if none can be found
     */
    static int[] freePorts(int n) throws IOException {
        int top = ephemeralLow() - 1;
        int bottom = Math.max(1024, top - 12_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        java.util.LinkedHashSet<Integer> picked = new java.util.LinkedHashSet<>();
        for (int tries = 0; picked.size() < n; tries++) {
            if (tries > 10_000) {
                throw new IOException("no " + n + " free ports for TCP and UDP on loopback between " + bottom + " and " + top);
            }
            int port = bottom + random.nextInt(top - bottom + 1);
            if (!picked.contains(port) && free(port)) {
                picked.add(port);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
                DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** @return the lowest port the kernel hands out for port 0 and outgoing connections (32768 when unknown) */
    private static int ephemeralLow() {
        try {
            String range = java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 4096 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
