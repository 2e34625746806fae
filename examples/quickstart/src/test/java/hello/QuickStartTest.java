package hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, as a new user takes it: the dependency block is this module's, the code
 * is compiled from the README's text against the compile-scope artifacts alone, and the README's
 * {@code java} commands run it, on the module path and on the class path, with the runtime-scope
 * artifacts laid out as {@code dependency:copy-dependencies} lays them out.
 */
class QuickStartTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String SECTION = "## The library: quick start";
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path project;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** @return the quick start section of the README */
    private static String section() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** @return the fenced code blocks of a language in the text, in order */
    private static List<String> blocks(String text, String language) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String block(String text, String language, String containing) {
        return blocks(text, language).stream().filter(b -> b.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("the quick start has no ```" + language + " block with " + containing));
    }

    @Test
    void theReadmeShowsThisModulesCodeAndDependencies() throws IOException {
        String section = section();
        for (String file : List.of("src/main/java/module-info.java", "src/main/java/hello/Hello.java")) {
            String code = Files.readString(Path.of(file));
            assertTrue(blocks(section, "java").contains(code), "the quick start lacks the text of examples/quickstart/" + file);
        }
        String deps = block(section, "xml", "<dependencies>");
        String inner = dependencies(section);
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<dependencies>\n" + inner), "examples/quickstart/pom.xml lacks the README's dependency block word for word");
        assertTrue(deps.contains("<artifactId>chorus-bom</artifactId>") && deps.contains("<scope>import</scope>"),
                "the snippet imports the BOM");
        Map<String, String> scopes = scopes(inner);
        assertEquals("compile", scopes.get("chorus-api"), "user code compiles against the api");
        scopes.forEach((artifact, scope) -> {
            if (!artifact.equals("chorus-api")) {
                assertEquals("runtime", scope, artifact + " is found by ServiceLoader at run time");
            }
        });
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher v = Pattern.compile("<slf4j.version>(.*?)</slf4j.version>").matcher(parent);
        assertTrue(v.find());
        assertTrue(inner.contains("<artifactId>slf4j-simple</artifactId><version>" + v.group(1) + "</version>"),
                "the logging backend's version is the SLF4J version the build pins, " + v.group(1));
    }

    /** @return the lines of the snippet's own dependency block, the one after the BOM import */
    private static String dependencies(String section) {
        String xml = block(section, "xml", "<dependencies>");
        int start = xml.indexOf("\n<dependencies>\n");
        assertTrue(start >= 0, "the snippet has a <dependencies> block of its own, after <dependencyManagement>");
        start += "\n<dependencies>\n".length();
        return xml.substring(start, xml.indexOf("</dependencies>", start));
    }

    /** @return each artifact of a dependency block with its scope (compile when none is given) */
    private static Map<String, String> scopes(String dependencies) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>").matcher(dependencies);
        while (m.find()) {
            String d = m.group(1);
            Matcher a = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(d);
            Matcher s = Pattern.compile("<scope>(.*?)</scope>").matcher(d);
            assertTrue(a.find(), d);
            out.put(a.group(1), s.find() ? s.group(1) : "compile");
        }
        return out;
    }

    @Test
    void theReadmesCommandsRunTheReadmesCodeOnTheModulePathAndTheClassPath() throws Exception {
        String section = section();
        build(section);
        List<String> commands = block(section, "bash", "java -p").lines().filter(l -> l.startsWith("java ")).toList();
        runAll(commands);
    }

    /**
     * Lays the project out as the README's build leaves it: the README's code compiled against the
     * compile scope alone into {@code target/classes}, the runtime scope in {@code target/dependency}.
     */
    private void build(String section) throws Exception {
        Map<String, String> scopes = scopes(dependencies(section));
        Path classes = Files.createDirectories(project.resolve("target/classes"));
        Path dependency = Files.createDirectories(project.resolve("target/dependency"));
        List<Path> compileScope = new ArrayList<>();
        for (Map.Entry<String, String> e : scopes.entrySet()) {
            Path jar = artifactJar(e.getKey(), dependency);
            if (e.getValue().equals("compile")) {
                compileScope.add(jar);
            }
        }
        artifactJar("slf4j-api", dependency); // what copy-dependencies adds: chorus-core's own dependency

        // compile the README's text, against the compile scope alone
        Path src = Files.createDirectories(project.resolve("src/main/java/hello"));
        Files.writeString(src.getParent().resolve("module-info.java"), block(section, "java", "module hello"));
        Files.writeString(src.resolve("Hello.java"), block(section, "java", "package hello;"));
        String modulePath = String.join(java.io.File.pathSeparator, compileScope.stream().map(Path::toString).toList());
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "--release", "17",
                "-d", classes.toString(), "--module-path", modulePath, src.getParent().resolve("module-info.java").toString(),
                src.resolve("Hello.java").toString()).redirectErrorStream(true).start();
        String javacOutput = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac ran too long");
        assertEquals(0, javac.exitValue(), "the README's code compiles against " + compileScope + ":\n" + javacOutput);
    }

    private void runAll(List<String> commands) throws Exception {
        assertEquals(3, commands.size(), "three nodes: two on the module path, one on the class path: " + commands);
        assertTrue(commands.get(2).contains("-cp "), "the third runs on the class path: " + commands.get(2));
        int[] ports = io.chorus.testkit.Ports.free(3);
        List<Output> outputs = new ArrayList<>();
        for (String command : commands) {
            String line = command.replaceFirst("#.*$", "").strip();
            line = line.endsWith("&") ? line.substring(0, line.length() - 1).strip() : line; // the README backgrounds them
            for (int i = 0; i < 3; i++) {
                line = line.replace("127.0.0.1:" + (7946 + i), "127.0.0.1:" + ports[i]);
            }
            outputs.add(run(line));
            String self = "web-" + outputs.size() + "@127.0.0.1:" + ports[outputs.size() - 1];
            // once join returns, every node prints every web node it knows: the earlier ones and itself
            for (int i = 1; i <= outputs.size(); i++) {
                outputs.get(outputs.size() - 1).await("web-" + i + "@127.0.0.1:" + ports[i - 1] + " ALIVE {role=web}",
                        self + " lists web-" + i);
            }
        }
        Output first = outputs.get(0);
        first.await("MemberJoined", "web-1 hears of the others");
        assertTrue(first.errors().stream().anyMatch(l -> l.contains("INFO") && l.contains("chorus node web-1@127.0.0.1:"
                + ports[0] + " running")), "Chorus logs through the SLF4J backend: " + first.errors());
        for (Output o : outputs) {
            assertFalse(o.errors().stream().anyMatch(l -> l.contains("No SLF4J providers")), o.errors().toString());
        }
    }

    @Test
    void aMissingProviderIsNamedWithThePathInUse() throws Exception {
        build(section());
        Files.delete(project.resolve("target/dependency/chorus-transport-udp.jar"));
        Files.delete(project.resolve("target/dependency/chorus-transport-tcp.jar"));
        int port = io.chorus.testkit.Ports.free(1)[0];
        Map<String, String> runs = Map.of(
                "module path", "java -p target/classes:target/dependency -m hello/hello.Hello web-1 127.0.0.1:" + port,
                "class path", "java -cp 'target/classes:target/dependency/*' hello.Hello web-1 127.0.0.1:" + port);
        for (Map.Entry<String, String> r : runs.entrySet()) {
            Output o = run(r.getValue());
            assertTrue(o.process.waitFor(60, TimeUnit.SECONDS), "the node fails at once without a transport");
            o.drained();
            String errors = String.join("\n", o.errors());
            assertTrue(errors.contains("no transport provider found: add io.chorus:chorus-transport-udp")
                    && errors.contains(" to the " + r.getKey()), "on the " + r.getKey() + ": " + errors);
        }
    }

    /** @return the artifact as a jar in {@code dir}: a Chorus module packed from its build output, anything else copied */
    private static Path artifactJar(String artifact, Path dir) throws IOException {
        Path jar = dir.resolve(artifact + ".jar");
        if (artifact.startsWith("chorus-")) {
            Path out = ROOT.resolve(artifact.substring("chorus-".length())).resolve("target/classes");
            assertTrue(Files.isRegularFile(out.resolve("module-info.class")), "no build output at " + out);
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(out.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
            return jar;
        }
        String path = System.getProperty("jdk.module.path", "") + java.io.File.pathSeparator + System.getProperty("java.class.path", "");
        for (String p : path.split(java.io.File.pathSeparator)) {
            Path f = Path.of(p.isEmpty() ? "." : p);
            if (f.getFileName() != null && f.getFileName().toString().matches(Pattern.quote(artifact) + "-[0-9].*\\.jar")) {
                Files.copy(f, jar);
                return jar;
            }
        }
        throw new AssertionError(artifact + " is on neither the module path nor the class path of this test");
    }

    private Output run(String command) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertTrue(command.startsWith("java "), command);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "exec '" + java + "'" + command.substring(4));
        pb.directory(project.toFile());
        Process p = pb.start();
        processes.add(p);
        return new Output(command, p);
    }

    /** A process's standard output and error, read as they come. */
    private static final class Output {
        private final String command;
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> readers = new ArrayList<>();

        Output(String command, Process process) throws IOException {
            this.command = command;
            this.process = process;
            OutputStream in = process.getOutputStream();
            in.close();
            readers.add(reader(process.getInputStream(), lines::add));
            readers.add(reader(process.getErrorStream(), errors::add));
        }

        /** Waits until both streams were read to their end (the process has ended). */
        void drained() throws InterruptedException {
            for (Thread t : readers) {
                t.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NS));
            }
        }

        private static Thread reader(java.io.InputStream s, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        sink.accept(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        void await(String text, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_NS;
            if (seen.stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null) {
                    seen.add(l);
                    if (l.contains(text)) {
                        return;
                    }
                } else if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError(what + ": no line with '" + text + "' from `" + command + "`; it printed " + seen
                    + "\nand on stderr " + errors());
        }
    }
}
