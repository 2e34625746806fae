package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Golden descriptors (STYLE convention 15): every Chorus module on the agent's module path,
 * rendered as {@code jar --describe-module} would show it — requires, exports, uses, provides,
 * sorted — must match {@code src/test/resources/io/chorus/agent/modules/NAME.txt}. A change to a module graph then
 * shows up in review as a change to one of those files. To accept a change on purpose, run the
 * agent's tests with {@code -Dchorus.golden.write=true} and commit the rewritten files.
 */
class ModuleGraphTest {
    private static final Path GOLDEN = Path.of("src/test/resources/io/chorus/agent/modules");

    static String describe(ModuleDescriptor d) {
        List<String> lines = new ArrayList<>();
        lines.add(d.name());
        d.requires().stream().filter(r -> !r.name().equals("java.base"))
                .map(r -> "requires " + r.modifiers().stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT) + " ")
                        .sorted().collect(Collectors.joining()) + r.name())
                .sorted().forEach(lines::add);
        d.exports().stream().map(e -> "exports " + e.source() + (e.isQualified() ? " to " + e.targets() : ""))
                .sorted().forEach(lines::add);
        d.opens().stream().map(o -> "opens " + o.source()).sorted().forEach(lines::add);
        d.uses().stream().map(u -> "uses " + u).sorted().forEach(lines::add);
        d.provides().stream().map(p -> "provides " + p.service() + " with " + String.join(", ", p.providers()))
                .sorted().forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void everyModuleMatchesItsGoldenDescriptor() throws IOException {
        Map<String, String> actual = new TreeMap<>();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getName().startsWith("io.chorus.")) {
                actual.put(m.getName(), describe(m.getDescriptor()));
            }
        }
        assertTrue(actual.keySet().containsAll(List.of("io.chorus.api", "io.chorus.core", "io.chorus.agent",
                "io.chorus.transport.udp", "io.chorus.transport.tcp", "io.chorus.discovery.fixed", "io.chorus.discovery.dns",
                "io.chorus.hashing", "io.chorus.security.hmac")), "modules on the path: " + actual.keySet());
        if (Boolean.getBoolean("chorus.golden.write")) {
            Files.createDirectories(GOLDEN);
            for (Map.Entry<String, String> e : actual.entrySet()) {
                Files.writeString(GOLDEN.resolve(e.getKey() + ".txt"), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String expected;
            try (InputStream in = ModuleGraphTest.class.getResourceAsStream("modules/" + e.getKey() + ".txt")) {
                assertTrue(in != null, "no golden descriptor for " + e.getKey() + ": run with -Dchorus.golden.write=true");
                expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(expected, e.getValue(), e.getKey() + " changed its module graph; if on purpose, rewrite the golden "
                    + "files with -Dchorus.golden.write=true");
        }
    }
}
