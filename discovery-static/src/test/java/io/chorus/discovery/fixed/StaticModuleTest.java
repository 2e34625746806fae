package io.chorus.discovery.fixed;

import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.discovery.fixed} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, and the descriptor and META-INF/services agree.
 */
class StaticModuleTest {
    private static final String MODULE = "io.chorus.discovery.fixed";
    private final ModuleShape shape = ModuleShape.of(StaticDiscoveryProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, StaticDiscoveryProvider.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApi() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api");
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertProvidesOnly(DiscoveryProvider.class, StaticDiscoveryProvider.class);
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(StaticDiscoveryProvider.class);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() {
        ModuleShape.assertCheapFactory(StaticDiscoveryProvider.class);
    }
}
