package io.chorus.discovery.dns;

import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.discovery.dns} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, and the descriptor and META-INF/services agree.
 */
class DnsModuleTest {
    private static final String MODULE = "io.chorus.discovery.dns";
    private final ModuleShape shape = ModuleShape.of(DnsDiscoveryProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, DnsDiscoveryProvider.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApiJndiAndSlf4j() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api", "java.naming", "org.slf4j");
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertProvidesOnly(DiscoveryProvider.class, DnsDiscoveryProvider.class);
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(DnsDiscoveryProvider.class);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() {
        ModuleShape.assertCheapFactory(DnsDiscoveryProvider.class);
    }
}
