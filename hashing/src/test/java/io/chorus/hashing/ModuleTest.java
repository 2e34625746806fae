package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.RingStrategyProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Guards the module: its name and packages, what it exports and requires, and its providers. */
class ModuleTest {
    private static final String MODULE = "io.chorus.hashing";

    private static ModuleDescriptor descriptor() {
        Module module = XxHash64Provider.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        return module.getDescriptor();
    }

    @Test
    void theModuleIsNamedForItsRootPackage() {
        assertEquals(MODULE, descriptor().name());
        assertFalse(descriptor().isOpen());
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        Set<String> packages = descriptor().packages();
        assertFalse(packages.isEmpty());
        for (String p : packages) {
            assertTrue(p.equals(MODULE) || p.startsWith(MODULE + "."), () -> "package " + p + " is outside " + MODULE);
            for (String segment : p.split("\\.")) {
                assertFalse(Character.isDigit(segment.charAt(segment.length() - 1)), () -> "segment ends in a digit: " + p);
            }
        }
    }

    @Test
    void exportsAndOpensNothingAndRequiresOnlyTheApi() {
        assertTrue(descriptor().exports().isEmpty(), () -> "exports " + descriptor().exports());
        assertTrue(descriptor().opens().isEmpty(), () -> "opens " + descriptor().opens());
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "io.chorus.api"), requires);
        assertTrue(descriptor().uses().isEmpty());
    }

    @Test
    void theServiceFilesAgreeWithTheDescriptor() throws IOException {
        Map<String, List<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : descriptor().provides()) {
            provides.put(p.service(), p.providers());
        }
        assertEquals(Set.of(HashFunctionProvider.class.getName(), RingStrategyProvider.class.getName()), provides.keySet());
        for (Map.Entry<String, List<String>> e : provides.entrySet()) {
            assertEquals(e.getValue(), serviceFile(e.getKey()), e.getKey());
        }
    }

    private static List<String> serviceFile(String service) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = XxHash64Provider.class.getModule().getResourceAsStream("META-INF/services/" + service)) {
            assertNotNull(in, "missing META-INF/services/" + service);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.replaceAll("#.*", "").trim();
                if (!trimmed.isEmpty()) {
                    lines.add(trimmed);
                }
            }
        }
        return lines;
    }

    @Test
    void providersArePublicWithNoArgConstructorsAndDistinctIdsAndPriorities() throws ReflectiveOperationException {
        for (ModuleDescriptor.Provides p : descriptor().provides()) {
            Set<String> ids = new HashSet<>();
            Set<Integer> priorities = new HashSet<>();
            for (String name : p.providers()) {
                Class<?> type = Class.forName(name);
                assertTrue(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers()), name);
                Provider provider = (Provider) type.getConstructor().newInstance();
                assertTrue(provider.id().matches("[a-z][a-z0-9-]*"), provider::id);
                assertTrue(ids.add(provider.id()), () -> "duplicate id " + provider.id());
                assertTrue(priorities.add(provider.priority()), () -> "priority tie at " + provider.priority());
            }
        }
    }

    @Test
    void serviceLoaderFindsEveryProvider() {
        // the test code runs inside the module, which only provides these services: let it use them too
        Module self = ModuleTest.class.getModule();
        self.addUses(HashFunctionProvider.class);
        self.addUses(RingStrategyProvider.class);
        Set<String> hashes = ServiceLoader.load(HashFunctionProvider.class, XxHash64Provider.class.getClassLoader())
                .stream().map(p -> p.get().id()).collect(Collectors.toSet());
        assertEquals(Set.of("xxhash64", "murmur3", "md5"), hashes);
        Set<String> rings = ServiceLoader.load(RingStrategyProvider.class, XxHash64Provider.class.getClassLoader())
                .stream().map(p -> p.get().id()).collect(Collectors.toSet());
        assertEquals(Set.of("vnode", "maglev", "rendezvous"), rings);
    }

    @Test
    void onlyProvidersAndTheTwoHelpersArePublic() throws ReflectiveOperationException {
        Set<String> expected = Set.of("XxHash64Provider", "Murmur3Provider", "Md5Provider", "VnodeRingProvider",
                "MaglevRingProvider", "RendezvousRingProvider", "BoundedLoads", "RingIndex");
        Set<String> found = new HashSet<>();
        for (String name : List.of("XxHash64", "Murmur3", "Md5", "Utf8", "Bytes", "Primes", "RingMembers",
                "AbstractRing", "PositionRing", "VnodeRing", "MaglevRing", "RendezvousRing", "VnodeStrategy",
                "MaglevStrategy", "RendezvousStrategy")) {
            Class<?> type = Class.forName(MODULE + "." + name);
            assertFalse(Modifier.isPublic(type.getModifiers()), () -> name + " should be package-private");
        }
        for (String name : expected) {
            if (Modifier.isPublic(Class.forName(MODULE + "." + name).getModifiers())) {
                found.add(name);
            }
        }
        assertEquals(expected, found);
    }
}
