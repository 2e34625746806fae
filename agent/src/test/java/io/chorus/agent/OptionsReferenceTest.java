package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.Option;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.RingStrategyProvider;
import io.chorus.api.spi.TransportProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The option reference is generated from the declarations ({@link Provider#options()}) of every
 * provider on the agent's module path, the engine's included, and must match what is committed:
 * {@code docs/options.md} (one table per module) and, in each module's {@code module-info.java}, the
 * Javadoc list between {@value #START} and {@value #END}. To accept a change on purpose, run the
 * agent's tests with {@code -Dchorus.golden.write=true} and commit the rewritten files (the
 * convention of {@link ModuleGraphTest}).
 */
class OptionsReferenceTest {
    static final String START = "<!-- options: generated";
    static final String END = "<!-- end of options -->";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOC = ROOT.resolve("docs/options.md");
    private static final boolean WRITE = Boolean.getBoolean("chorus.golden.write");
    private static final List<Class<? extends Provider>> KINDS = List.of(EngineProvider.class, TransportProvider.class,
            DiscoveryProvider.class, FailureDetectorProvider.class, HashFunctionProvider.class, RingStrategyProvider.class,
            MessageSignerProvider.class);
    /** The misspelt keys the README shows on purpose, to show the error they get. */
    private static final List<String> TYPOS = List.of("ring.inclde-suspect", "transport.udp.packet-budgt",
            "discovery.dns.intreval");
    private static final Pattern MODULE = Pattern.compile("(?m)^module\\s+([\\w.]+)\\s*\\{");

    /** @return every declaration of every provider on the module path, by module name, each sorted by key */
    static Map<String, List<Option<?>>> declarations() {
        Module self = OptionsReferenceTest.class.getModule();
        Map<String, Map<String, Option<?>>> byModule = new TreeMap<>();
        for (Class<? extends Provider> kind : KINDS) {
            self.addUses(kind); // the test reads what the engine's ServiceLoader would find
            for (Provider p : ServiceLoader.load(kind)) {
                Module m = p.getClass().getModule();
                assertTrue(m.isNamed(), p.getClass() + " is on the module path");
                for (Option<?> o : p.options()) {
                    Option<?> before = byModule.computeIfAbsent(m.getName(), n -> new TreeMap<>()).put(o.key(), o);
                    assertTrue(before == null || before == o, "two declarations of " + o.key() + " in " + m.getName());
                }
            }
        }
        Map<String, List<Option<?>>> out = new TreeMap<>();
        byModule.forEach((m, options) -> out.put(m, List.copyOf(options.values())));
        return out;
    }

    static String markdown(Map<String, List<Option<?>>> declarations) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Options\n\n")
                .append("<!-- generated from the declarations of every provider on the agent's module path by\n")
                .append("agent/src/test/java/io/chorus/agent/OptionsReferenceTest.java; do not edit: rewrite it with\n")
                .append("mvn -B -o verify -pl agent -am -Dtest=OptionsReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dchorus.golden.write=true -->\n\n")
                .append("Every setting a Chorus module reads, declared once next to the code that reads it "
                        + "(`Provider.options()`, each an `io.chorus.api.Option`). Set one with "
                        + "`ClusterConfig.Builder.option(KEY, VALUE)`, the agent's `--option KEY=VALUE`, or the `option` "
                        + "object of its JSON config.\n\n")
                .append("`Chorus.create` checks every key against the declarations of the modules present: a bad value "
                        + "fails naming the key, the value and the range; an unknown key under a prefix some module "
                        + "declares fails naming the nearest declared key and that module; a key under no declared prefix "
                        + "fails listing the modules present and their prefixes. The agent exits 2 with that message. "
                        + "Rules that tie two options together (such as `transport.tcp.reconnect-max` at least "
                        + "`transport.tcp.reconnect-base`) are checked when the provider is created, at `start`.\n\n")
                .append("Durations are written `250ms`, `5s`, `2m`, `1h`, `0` or ISO-8601 (`PT5S`); booleans `true` or "
                        + "`false`; sizes in bytes. A provider module of your own declares its options the same way, and "
                        + "its keys are checked too.\n");
        declarations.forEach((module, options) -> {
            sb.append("\n## ").append(module).append("\n\n")
                    .append("| key | type | default | range | meaning |\n")
                    .append("|---|---|---|---|---|\n");
            for (Option<?> o : options) {
                sb.append("| `").append(o.key()).append("` | ").append(o.typeName()).append(" | ")
                        .append(cell(o.defaultText())).append(" | ").append(cell(o.rangeText())).append(" | ")
                        .append(cell(o.doc())).append(" |\n");
            }
        });
        return sb.toString();
    }

    /** @return the text as a table cell: {@code |} ends a cell, {@code _} and {@code *} would start emphasis */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("_", "\\_").replace("*", "\\*")
                .replace("<", "&lt;");
    }

    static String javadoc(String module, List<Option<?>> options) {
        StringBuilder sb = new StringBuilder();
        sb.append(" * ").append(START).append(" from the declarations (Provider.options()) by the agent's ")
                .append("OptionsReferenceTest; do not edit -->\n")
                .append(" * <table>\n")
                .append(" *   <caption>Options of ").append(module).append(" (docs/options.md lists every module's)</caption>\n")
                .append(" *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>\n");
        for (Option<?> o : options) {
            sb.append(" *   <tr><td>{@code ").append(o.key()).append("}</td><td>").append(o.typeName()).append("</td><td>")
                    .append(html(o.defaultText())).append("</td><td>").append(html(o.rangeText())).append("</td>\n")
                    .append(" *       <td>").append(html(o.doc())).append("</td></tr>\n");
        }
        sb.append(" * </table>\n").append(" * ").append(END).append('\n');
        return sb.toString();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("{@", "{&#64;");
    }

    /** @return each module's {@code module-info.java} in the repository, by module name */
    static Map<String, Path> descriptors() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path info = dir.resolve("src/main/java/module-info.java");
                if (Files.isRegularFile(info)) {
                    Matcher m = MODULE.matcher(Files.readString(info));
                    if (m.find()) {
                        out.put(m.group(1), info);
                    }
                }
            }
        }
        return out;
    }

    /** @return the descriptor's text with the generated list replaced; fails when the markers are missing */
    static String withList(String module, String text, List<Option<?>> options) {
        int start = text.indexOf(" * " + START);
        int end = text.indexOf(" * " + END);
        if (start < 0 || end < start) {
            fail("the module javadoc of " + module + " has no generated option list: put the lines ' * " + START
                    + " -->' and ' * " + END + "' where it goes, then run with -Dchorus.golden.write=true");
        }
        int after = text.indexOf('\n', end) + 1;
        return text.substring(0, start) + javadoc(module, options) + text.substring(after);
    }

    @Test
    void docsOptionsMdIsGeneratedFromTheDeclarations() throws IOException {
        String expected = markdown(declarations());
        if (WRITE) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(DOC), DOC + " is missing: run with -Dchorus.golden.write=true");
        assertEquals(expected, Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/options.md is stale: run the agent's tests with -Dchorus.golden.write=true and commit it");
    }

    @Test
    void eachModuleJavadocListsItsOptions() throws IOException {
        Map<String, List<Option<?>>> declarations = declarations();
        Map<String, Path> descriptors = descriptors();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Path> d : descriptors.entrySet()) {
            String text = Files.readString(d.getValue(), StandardCharsets.UTF_8);
            List<Option<?>> options = declarations.get(d.getKey());
            if (options == null) {
                assertTrue(!text.contains(START), d.getKey() + " declares no options but its javadoc has a generated list");
                continue;
            }
            String expected = withList(d.getKey(), text, options);
            if (WRITE) {
                Files.writeString(d.getValue(), expected, StandardCharsets.UTF_8);
            } else if (!expected.equals(text)) {
                stale.add(ROOT.relativize(d.getValue()).toString());
            }
        }
        assertTrue(descriptors.keySet().containsAll(declarations.keySet()),
                "every module that declares options has its source here: " + declarations.keySet());
        assertEquals(List.of(), stale, "the generated option lists are stale: run the agent's tests with "
                + "-Dchorus.golden.write=true and commit them");
    }

    @Test
    void everyModuleOfChorusThatReadsOptionsDeclaresThem() {
        assertEquals(List.of("io.chorus.core", "io.chorus.discovery.dns", "io.chorus.hashing", "io.chorus.security.hmac",
                "io.chorus.transport.tcp", "io.chorus.transport.udp"), List.copyOf(declarations().keySet()));
        assertTrue(declarations().get("io.chorus.core").stream().anyMatch(o -> o.key().equals("ring.include-suspect")));
    }

    @Test
    void theKeysTheAgentUsesAreDeclared() {
        List<String> keys = declarations().values().stream().flatMap(List::stream).map(Option::key).toList();
        for (String key : List.of(AgentArgs.DNS_NAME, AgentArgs.DNS_SERVER, AgentHttp.MAX_PAYLOAD.key())) {
            assertTrue(keys.contains(key), key + " is declared by a provider on the agent's module path");
        }
    }

    @Test
    void theReadmeAndTheDocsNameOnlyDeclaredKeys() throws IOException {
        Map<String, List<Option<?>>> declarations = declarations();
        List<String> keys = declarations.values().stream().flatMap(List::stream).map(Option::key).toList();
        String firsts = keys.stream().map(k -> k.substring(0, k.indexOf('.'))).distinct().map(Pattern::quote)
                .reduce((a, b) -> a + "|" + b).orElseThrow();
        // a word that starts like an option key and is not a method call (ring.owner(...))
        Pattern mention = Pattern.compile("(?<![\\w.-])(?:" + firsts + ")\\.[a-z0-9.-]*[a-z0-9](?![\\w(])");
        List<Path> texts = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(texts::add);
        }
        List<String> unknown = new ArrayList<>();
        for (Path text : texts) {
            Matcher m = mention.matcher(Files.readString(text, StandardCharsets.UTF_8));
            while (m.find()) {
                String word = m.group();
                boolean prefix = keys.stream().anyMatch(k -> k.startsWith(word + "."));
                if (!keys.contains(word) && !prefix && !TYPOS.contains(word)) {
                    unknown.add(ROOT.relativize(text) + ": " + word);
                }
            }
        }
        assertEquals(List.of(), unknown, "option keys no provider declares");
        assertTrue(TYPOS.stream().noneMatch(keys::contains), "the README's examples of misspelt keys stay misspelt");
    }

    @Test
    void everyMarkdownTableRowHasTheHeadersColumns() {
        String md = markdown(declarations());
        int columns = -1;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("|")) {
                int cells = line.replace("\\|", "").split("\\|", -1).length - 2;
                if (columns < 0) {
                    columns = cells;
                }
                assertEquals(columns, cells, "a row with another column count than its header: " + line);
            } else {
                columns = -1;
            }
        }
    }
}
