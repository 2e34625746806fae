package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.RingStrategyProvider;
import io.chorus.testkit.ModuleShape;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Guards the module: its name and packages, what it exports and requires, and its providers. */
class ModuleTest {
    private static final String MODULE = "io.chorus.hashing";
    private final ModuleShape shape = ModuleShape.of(XxHash64Provider.class.getModule());

    private ModuleDescriptor descriptor() {
        return shape.descriptor();
    }

    @Test
    void theModuleIsNamedForItsRootPackage() {
        shape.assertNamed(MODULE);
        assertFalse(descriptor().isOpen());
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        assertFalse(descriptor().packages().isEmpty());
        shape.assertEveryPackageStartsWithTheModuleName();
        shape.assertNoPackageSegmentEndsInADigit();
    }

    @Test
    void exportsAndOpensNothingAndRequiresOnlyTheApi() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api");
        assertTrue(descriptor().uses().isEmpty());
    }

    @Test
    void theServiceFilesAgreeWithTheDescriptor() {
        assertEquals(Set.of(HashFunctionProvider.class.getName(), RingStrategyProvider.class.getName()),
                shape.provides().keySet());
        shape.assertServicesFilesAgreeWithTheDescriptor();
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
