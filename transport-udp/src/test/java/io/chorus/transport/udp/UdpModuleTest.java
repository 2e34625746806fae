package io.chorus.transport.udp;

import io.chorus.api.spi.TransportProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.transport.udp} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, and the descriptor and META-INF/services agree.
 */
class UdpModuleTest {
    private static final String MODULE = "io.chorus.transport.udp";
    private final ModuleShape shape = ModuleShape.of(UdpTransportProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, UdpTransportProvider.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApiAndSlf4j() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api", "org.slf4j");
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertProvidesOnly(TransportProvider.class, UdpTransportProvider.class);
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(UdpTransportProvider.class);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() {
        ModuleShape.assertCheapFactory(UdpTransportProvider.class);
    }
}
