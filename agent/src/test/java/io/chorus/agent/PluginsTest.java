package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code --plugin-dir}: a modular plugin (the fnv-hash example) and a plain jar compiled here
 * against the api jar alone join the agent's providers, are chosen by {@code --hash} and used by
 * the ring; a broken plugin is named, exit 2.
 */
class PluginsTest {
    private static final long DEADLINE_S = 60;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
    }

    private AgentProcess start(Path plugins, String... more) throws IOException {
        int port = AgentProcess.freePorts(1)[0];
        List<String> args = new ArrayList<>(List.of("--name", "plug", "--bind", "127.0.0.1:" + port, "--profile", "local",
                "--http", "127.0.0.1:0", "--plugin-dir", plugins.toString()));
        args.addAll(List.of(more));
        AgentProcess a = AgentProcess.start("plug", List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), args);
        agents.add(a);
        return a;
    }

    /** @return the api jar (or classes folder) on this JVM's module path */
    private static Path apiOnModulePath() {
        for (String entry : System.getProperty("jdk.module.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String n = p.toString();
            if (n.matches(".*chorus-api-[^/]*\\.jar") || n.endsWith("api/target/classes")) {
                return p;
            }
        }
        throw new AssertionError("no chorus-api on the module path " + System.getProperty("jdk.module.path"));
    }

    private static void jar(Path jar, Path classes, String service, String provider) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + service));
            out.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void aModularPluginIsChosenByHashAndUsedByTheRing(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path fnv = Path.of(System.getProperty("chorus.test.fnv.jar"));
        Files.copy(fnv, plugins.resolve(fnv.getFileName()));
        AgentProcess a = start(plugins, "--hash", "fnv1a");
        MultiProcessClusterTest.await(a, "serves HTTP", l -> l.startsWith("http on "));
        assertTrue(a.lines.contains("plugin com.example.chorus.fnv from " + plugins.resolve(fnv.getFileName())), a.tail(30));
        assertTrue(a.lines.stream().anyMatch(l -> l.startsWith("provider hash function fnv1a (com.example.chorus.fnv."
                + "FnvHashProvider, module com.example.chorus.fnv): ")), a.tail(30));
        String http = a.line("http on ").orElseThrow();
        JsonNode stats = Json.MAPPER.readTree(AgentClient.get(http, "/stats"));
        assertTrue(stats.path("providers").toString().contains("\"id\":\"fnv1a\""), stats.toString());
        JsonNode owners = Json.MAPPER.readTree(AgentClient.get(http, "/ring?key=user:42"));
        assertEquals("plug", owners.path(0).path("name").asString(), "the ring answers through the plugin's hash");
        JsonNode info = Json.MAPPER.readTree(AgentClient.get(http, "/info"));
        assertTrue(info.path("plugins").toString().contains("com.example.chorus.fnv"), info.toString());
    }

    @Test
    void aPlainJarCompiledAgainstTheApiAloneIsAPluginToo(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/org/acme"));
        Files.writeString(src.resolve("ConstantHashProvider.java"), String.join("\n",
                "package org.acme;",
                "import io.chorus.api.spi.HashFunction;",
                "import io.chorus.api.spi.HashFunctionProvider;",
                "import io.chorus.api.spi.ProviderContext;",
                "public final class ConstantHashProvider implements HashFunctionProvider {",
                "    public String id() { return \"acme-sum\"; }",
                "    public HashFunction create(ProviderContext context) {",
                "        return new HashFunction() {",
                "            public long hash(byte[] data, int offset, int length) {",
                "                long h = 17; for (int i = offset; i < offset + length; i++) { h = h * 31 + data[i]; } return h;",
                "            }",
                "            public long hash(CharSequence text) { return hash(text.toString().getBytes(), 0, text.length()); }",
                "        };",
                "    }",
                "}"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // javac as a process: the test runs inside the agent's module, which does not read java.compiler
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process p = new ProcessBuilder(javac.toString(), "--release", "17", "-cp", apiOnModulePath().toString(), "-d",
                classes.toString(), src.resolve("ConstantHashProvider.java").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(DEADLINE_S, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the provider compiles against the api alone: " + log);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        jar(plugins.resolve("acme-hash.jar"), classes, "io.chorus.api.spi.HashFunctionProvider", "org.acme.ConstantHashProvider");
        AgentProcess a = start(plugins, "--hash", "acme-sum");
        MultiProcessClusterTest.await(a, "serves HTTP", l -> l.startsWith("http on "));
        assertTrue(a.lines.stream().anyMatch(l -> l.startsWith("provider hash function acme-sum (org.acme.ConstantHashProvider,"
                + " module acme.hash): ")), a.tail(30));
        String http = a.line("http on ").orElseThrow();
        assertEquals("plug", Json.MAPPER.readTree(AgentClient.get(http, "/ring?key=k")).path(0).path("name").asString());
    }

    @Test
    void aBrokenPluginIsNamedWithExit2(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path classes = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(classes.resolve("readme.txt"), "no classes");
        Path broken = plugins.resolve("broken.jar");
        jar(broken, classes, "io.chorus.api.spi.HashFunctionProvider", "org.acme.Missing");
        AgentProcess a = start(plugins);
        assertTrue(a.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits");
        assertEquals(2, a.process.exitValue(), a.tail(10));
        String out = a.tail(10);
        assertTrue(out.contains("chorus agent: plugin " + broken + " cannot be loaded: ") && out.contains("org.acme.Missing"),
                out);

        Path notAJar = Files.createDirectories(dir.resolve("bad"));
        try (OutputStream o = Files.newOutputStream(notAJar.resolve("junk.jar"))) {
            o.write("not a zip".getBytes(StandardCharsets.UTF_8));
        }
        AgentProcess b = start(notAJar);
        assertTrue(b.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits");
        assertEquals(2, b.process.exitValue(), b.tail(10));
        assertTrue(b.tail(10).contains("plugin " + notAJar.resolve("junk.jar")), b.tail(10));

        AgentProcess c = start(dir.resolve("nowhere"));
        assertTrue(c.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits");
        assertEquals(2, c.process.exitValue());
        assertTrue(c.tail(5).contains("chorus agent: invalid --plugin-dir '" + dir.resolve("nowhere") + "': a directory of "
                + "plugin jars (it does not exist)"), c.tail(5));
    }
}
