package io.chorus.api;

import static java.util.stream.Collectors.toCollection;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of the {@code io.chorus.api} module (STYLE conventions 1, 2 and 15): its
 * packages, exports, requires and uses, and Javadoc on every public type.
 */
class ModuleGuardTest {

    private static final String MODULE = "io.chorus.api";
    private static final Set<String> PACKAGES = Set.of("io.chorus.api", "io.chorus.api.spi");

    /** A type declaration at the start of a line: indentation, modifiers, kind, name. */
    private static final Pattern TYPE = Pattern.compile("^(\\s*)((?:(?:public|protected|private|static|final|abstract"
            + "|sealed|non-sealed|strictfp)\\s+)*)(class|interface|record|enum|@interface)\\s+(\\w+)");

    private static ModuleDescriptor descriptor() {
        Module module = Chorus.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        return module.getDescriptor();
    }

    private static Path sources() {
        String basedir = System.getProperty("basedir");
        Path root = (basedir == null ? Path.of("") : Path.of(basedir)).toAbsolutePath().resolve("src/main/java");
        assertTrue(Files.isDirectory(root.resolve("io/chorus/api")), "no api sources under " + root);
        return root;
    }

    @Test
    void moduleNameIsTheRootPackage() {
        assertEquals(MODULE, descriptor().name());
        assertFalse(descriptor().isOpen(), "the api module should not be open");
        assertFalse(descriptor().isAutomatic());
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        Set<String> packages = descriptor().packages();
        assertTrue(packages.containsAll(PACKAGES), packages::toString);
        for (String p : packages) {
            assertTrue(p.equals(MODULE) || p.startsWith(MODULE + "."), () -> "package " + p + " is outside " + MODULE);
        }
    }

    @Test
    void exportsExactlyTheUserAndImplementerPackages() {
        Set<String> exports = new TreeSet<>();
        for (ModuleDescriptor.Exports e : descriptor().exports()) {
            assertFalse(e.isQualified(), () -> "qualified export " + e);
            exports.add(e.source());
        }
        assertEquals(new TreeSet<>(PACKAGES), exports);
        assertTrue(descriptor().opens().isEmpty(), () -> "opens " + descriptor().opens());
    }

    @Test
    void requiresOnlyJavaBase() {
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(toSet());
        assertEquals(Set.of("java.base"), requires);
    }

    @Test
    void usesTheEngineProviderAndProvidesNothing() {
        assertEquals(Set.of("io.chorus.api.spi.EngineProvider"), descriptor().uses());
        assertTrue(descriptor().provides().isEmpty(), () -> "provides " + descriptor().provides());
    }

    @Test
    void packagesAndTheModuleHaveJavadoc() throws IOException {
        Path root = sources();
        assertTrue(javadocBefore(Files.readAllLines(root.resolve("module-info.java")), "module " + MODULE),
                "module-info.java needs a module Javadoc");
        for (String p : PACKAGES) {
            Path info = root.resolve(p.replace('.', '/')).resolve("package-info.java");
            assertTrue(Files.exists(info), () -> "missing " + info);
            assertTrue(javadocBefore(Files.readAllLines(info), "package " + p), () -> info + " needs a Javadoc");
        }
    }

    @Test
    void everyPublicTypeHasJavadoc() throws IOException {
        Path root = sources();
        Set<String> documented = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();
        for (String p : PACKAGES) {
            try (Stream<Path> files = Files.list(root.resolve(p.replace('.', '/')))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(toCollection(TreeSet::new))) {
                    scan(file, documented, undocumented);
                }
            }
        }
        assertTrue(undocumented.isEmpty(), () -> "public types without Javadoc: " + undocumented);
        assertTrue(documented.contains("NodeId.NodeId") && documented.contains("ClusterConfig.Builder")
                && documented.contains("ClusterEvent.MemberJoined") && documented.contains("EngineProvider.EngineProvider"),
                documented::toString);

        // every public class the module holds was seen by the scan, so the scan misses nothing
        Set<String> compiled = new TreeSet<>();
        for (String name : mainClassNames(root)) {
            Class<?> type = loadQuietly(name);
            if (isApi(type)) {
                compiled.add(topLevel(type).getSimpleName() + "." + type.getSimpleName());
            }
        }
        assertTrue(compiled.size() > 40, compiled::toString);
        Set<String> missed = new TreeSet<>(compiled);
        missed.removeAll(documented);
        assertTrue(missed.isEmpty(), () -> "public types the source scan did not find: " + missed);
    }

    /** Records each public type of {@code file} as documented or not, keyed {@code File.Type}. */
    private static void scan(Path file, Set<String> documented, List<String> undocumented) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String fileType = file.getFileName().toString().replace(".java", "");
        boolean topLevelIsInterface = false;
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (inComment) {
                inComment = !trimmed.contains("*/");
                continue;
            }
            if (trimmed.startsWith("/*")) {
                inComment = !trimmed.contains("*/");
                continue;
            }
            Matcher m = TYPE.matcher(line);
            if (!m.find()) {
                continue;
            }
            boolean nested = !m.group(1).isEmpty();
            String modifiers = m.group(2);
            String kind = m.group(3);
            if (!nested) {
                topLevelIsInterface = kind.equals("interface") || kind.equals("@interface");
            }
            boolean isPublic = modifiers.contains("public")
                    || (nested && topLevelIsInterface && !modifiers.contains("private"));
            if (!isPublic) {
                continue;
            }
            String key = fileType + "." + m.group(4);
            if (javadocBefore(lines.subList(0, i + 1), trimmed)) {
                documented.add(key);
            } else {
                undocumented.add(key + " (" + file.getFileName() + ":" + (i + 1) + ")");
            }
        }
    }

    /**
     * @return whether the last line of {@code lines} (which starts with {@code declaration}) follows a
     *     {@code /** ... *}{@code /} comment, with only annotations in between
     */
    private static boolean javadocBefore(List<String> lines, String declaration) {
        int i = lines.size() - 1;
        while (i >= 0 && !lines.get(i).trim().startsWith(declaration)) {
            i--;
        }
        i--;
        while (i >= 0 && (lines.get(i).isBlank() || lines.get(i).trim().startsWith("@"))) {
            i--;
        }
        if (i < 0 || !lines.get(i).trim().endsWith("*/")) {
            return false;
        }
        while (i >= 0 && !lines.get(i).contains("/*")) {
            i--;
        }
        return i >= 0 && lines.get(i).trim().startsWith("/**") && !lines.get(i).trim().startsWith("/**/");
    }

    /** @return the binary names of the module's classes whose top-level type has a source file in {@code root} */
    private static List<String> mainClassNames(Path root) throws IOException {
        ResolvedModule module = ModuleLayer.boot().configuration().findModule(MODULE).orElseThrow();
        List<String> names = new ArrayList<>();
        try (ModuleReader reader = module.reference().open(); Stream<String> entries = reader.list()) {
            entries.filter(e -> e.endsWith(".class") && !e.equals("module-info.class")).forEach(entry -> {
                String binary = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                String top = entry.substring(0, entry.length() - ".class".length()).split("\\$")[0];
                if (Files.exists(root.resolve(top + ".java"))) {
                    names.add(binary);
                }
            });
        }
        return names;
    }

    private static Class<?> loadQuietly(String name) {
        try {
            return Class.forName(name, false, Chorus.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("cannot load " + name, e);
        }
    }

    /** @return whether {@code type} is visible to users: public, and so is every type around it */
    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> topLevel(Class<?> type) {
        Class<?> t = type;
        while (t.getEnclosingClass() != null) {
            t = t.getEnclosingClass();
        }
        assertNotNull(t);
        return t;
    }
}
