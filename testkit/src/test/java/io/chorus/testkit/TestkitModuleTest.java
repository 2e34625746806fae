package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The test kit's module: named as its package, it exports that package and sees the api and JUnit, never core. */
class TestkitModuleTest {
    private final ModuleShape shape = ModuleShape.of(ProviderContract.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed("io.chorus.testkit", ProviderContract.class, TransportContract.class, InMemoryNetwork.class);
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itRequiresTheApiAndJunitOnlyBothTransitively() {
        shape.assertRequiresExactly("java.base", "io.chorus.api", "org.junit.jupiter.api");
        Set<String> transitive = shape.descriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("io.chorus.api", "org.junit.jupiter.api"), transitive,
                "its public signatures use api and JUnit types, so a user's test reads both through it");
    }

    @Test
    void itExportsItsOnePackageAndProvidesNothing() {
        assertEquals(Set.of("io.chorus.testkit"), shape.descriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(), shape.descriptor().provides(), "the in-memory transport is passed in, never found by ServiceLoader");
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }
}
