package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks every Chorus module's shape test makes, on one named module (STYLE conventions 1, 3
 * and 6, and the {@code provides} vs META-INF/services trap). A module's own test keeps what is
 * particular to it (what it requires, which classes are public, its ids) and calls these:
 *
 * <pre>{@code
 * ModuleShape shape = ModuleShape.of(UdpTransportProvider.class.getModule());
 * shape.assertNamed("io.chorus.transport.udp");
 * shape.assertEveryPackageStartsWithTheModuleName();
 * shape.assertExportsAndOpensNothing();
 * shape.assertServicesFilesAgreeWithTheDescriptor();
 * }</pre>
 *
 * <p>It works from the class path, where a user's tests put it: it reads the module through
 * {@link Module}, its descriptor and its layer, and loads classes without initializing them.
 */
public final class ModuleShape {
    private static final String SERVICES = "META-INF/services/";

    private final Module module;
    private final ModuleDescriptor descriptor;

    private ModuleShape(Module module) {
        this.module = module;
        this.descriptor = module.getDescriptor();
    }

    /**
     * @param module the module under test, e.g. {@code SomeProvider.class.getModule()}
     * @return its shape; fails when the module is unnamed, as the tests must run on the module path
     */
    public static ModuleShape of(Module module) {
        Objects.requireNonNull(module, "module");
        assertTrue(module.isNamed(), () -> "tests must run on the module path, but " + module + " is unnamed");
        return new ModuleShape(module);
    }

    /** @return the module's descriptor */
    public ModuleDescriptor descriptor() {
        return descriptor;
    }

    /** @return the module's name */
    public String name() {
        return descriptor.name();
    }

    /**
     * The module has the given name, and the given classes live in the package of that name
     * (the module name is the root package).
     *
     * @param name the expected module name
     * @param inRootPackage classes that must be in the root package
     */
    public void assertNamed(String name, Class<?>... inRootPackage) {
        assertEquals(name, descriptor.name(), "module name");
        for (Class<?> type : inRootPackage) {
            assertEquals(name, type.getPackageName(), () -> type.getName() + " is not in the root package");
        }
    }

    /** Every package of the module is the module name or starts with it and a dot. */
    public void assertEveryPackageStartsWithTheModuleName() {
        String name = descriptor.name();
        for (String p : descriptor.packages()) {
            assertTrue(p.equals(name) || p.startsWith(name + "."), () -> "package " + p + " is outside " + name);
        }
    }

    /** No segment of a package name ends in a digit ({@code -Xlint} warns of it, which breaks {@code -Werror}). */
    public void assertNoPackageSegmentEndsInADigit() {
        for (String p : descriptor.packages()) {
            for (String segment : p.split("\\.")) {
                assertFalse(Character.isDigit(segment.charAt(segment.length() - 1)), () -> "segment ends in a digit: " + p);
            }
        }
    }

    /** The module exports and opens no package (a provider module, STYLE convention 3). */
    public void assertExportsAndOpensNothing() {
        assertEquals(Set.of(), descriptor.exports(), () -> descriptor.name() + " exports: " + descriptor.exports());
        assertEquals(Set.of(), descriptor.opens(), () -> descriptor.name() + " opens: " + descriptor.opens());
    }

    /**
     * The module requires exactly these modules, {@code java.base} included.
     *
     * @param modules the names of the required modules
     */
    public void assertRequiresExactly(String... modules) {
        Set<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Arrays.asList(modules)), requires, () -> descriptor.name() + " requires");
    }

    /**
     * @param service the service interface
     * @return the providers the descriptor declares for it, in declaration order
     */
    public List<String> providers(Class<?> service) {
        return descriptor.provides().stream()
                .filter(p -> p.service().equals(service.getName()))
                .flatMap(p -> p.providers().stream())
                .toList();
    }

    /** @return each service the descriptor {@code provides}, with its providers, by service name */
    public Map<String, List<String>> provides() {
        Map<String, List<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            provides.put(p.service(), p.providers());
        }
        return provides;
    }

    /**
     * The descriptor provides this one service, with exactly these providers in this order, and nothing else.
     *
     * @param service the service interface
     * @param providers its providers
     */
    public void assertProvidesOnly(Class<?> service, Class<?>... providers) {
        List<String> expected = Arrays.stream(providers).map(Class::getName).toList();
        assertEquals(expected, providers(service), () -> descriptor.name() + " provides " + service.getName() + " with");
        assertEquals(1, descriptor.provides().size(), () -> "it provides nothing else: " + descriptor.provides());
    }

    /**
     * Each {@code provides} has a META-INF/services file that lists exactly its providers in the
     * same order, and each META-INF/services file of the module belongs to a {@code provides}: the
     * module path reads only the one, the class path only the other.
     */
    public void assertServicesFilesAgreeWithTheDescriptor() {
        Map<String, List<String>> provides = provides();
        for (Map.Entry<String, List<String>> e : provides.entrySet()) {
            assertEquals(e.getValue(), servicesFile(e.getKey()), () -> SERVICES + e.getKey() + " disagrees with the descriptor");
        }
        Set<String> files = resources().stream()
                .filter(r -> r.startsWith(SERVICES) && r.length() > SERVICES.length() && !r.endsWith("/"))
                .map(r -> r.substring(SERVICES.length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(provides.keySet(), files, "META-INF/services files without a provides in the descriptor, or the other way round");
    }

    /**
     * @param service a service interface name
     * @return the class names its META-INF/services file in the module lists, comments and blanks
     *     left out; fails when there is no such file
     */
    public List<String> servicesFile(String service) {
        List<String> names = new ArrayList<>();
        try (InputStream in = module.getResourceAsStream(SERVICES + service)) {
            assertNotNull(in, () -> SERVICES + service + " is missing from " + descriptor.name());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Exactly these classes of the module are public, nested classes counted: a public class in a
     * provider module's unexported package is a mistake waiting to be exported. The module's test
     * classes are patched in and counted too, so they stay package-private.
     *
     * @param types the public classes of the module
     */
    public void assertPublicClassesAre(Class<?>... types) {
        Set<String> expected = Arrays.stream(types).map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        List<String> classes = classes();
        for (Class<?> t : types) {
            assertTrue(classes.contains(t.getName()), () -> t.getName() + " is not among the classes of " + descriptor.name());
        }
        Set<String> publicClasses = new TreeSet<>();
        for (String name : classes) {
            if (Modifier.isPublic(load(name).getModifiers())) {
                publicClasses.add(name);
            }
        }
        assertEquals(expected, publicClasses, () -> "the public classes of " + descriptor.name());
    }

    /**
     * A provider is a cheap factory (STYLE convention 6): a public final class with a public no-arg constructor.
     *
     * @param provider the provider class
     */
    public static void assertCheapFactory(Class<?> provider) {
        assertTrue(Modifier.isPublic(provider.getModifiers()), () -> provider.getName() + " should be public");
        assertTrue(Modifier.isFinal(provider.getModifiers()), () -> provider.getName() + " should be final");
        assertPublicNoArgConstructor(provider);
    }

    /**
     * Each provider the descriptor declares is a public class that implements its service and has a
     * public no-arg constructor, so ServiceLoader can make it from the module path and the class path alike.
     */
    public void assertProvidersArePublicWithNoArgConstructors() {
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            Class<?> service = load(p.service());
            for (String name : p.providers()) {
                Class<?> type = load(name);
                assertTrue(Modifier.isPublic(type.getModifiers()), () -> name + " should be public");
                assertTrue(service.isAssignableFrom(type), () -> name + " does not implement " + p.service());
                assertPublicNoArgConstructor(type);
            }
        }
    }

    private static void assertPublicNoArgConstructor(Class<?> type) {
        try {
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), () -> type.getName() + "() should be public");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type.getName() + " has no public no-arg constructor", e);
        }
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, module.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is named by " + descriptor.name() + " but cannot be loaded", e);
        }
    }

    /** @return the classes of the module (its test classes too, when tests are patched in), module-info left out */
    private List<String> classes() {
        return resources().stream()
                .filter(n -> n.endsWith(".class") && !n.equals("module-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .toList();
    }

    private List<String> resources() {
        ResolvedModule resolved = module.getLayer().configuration().findModule(descriptor.name()).orElseThrow();
        try (ModuleReader reader = resolved.reference().open()) {
            return reader.list().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
