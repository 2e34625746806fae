package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.spi.TransportProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/** The shape of the {@code io.chorus.transport.tcp} module (STYLE conventions 1, 3 and 6, and the services trap). */
class TcpModuleTest {
    private static final String MODULE = "io.chorus.transport.tcp";
    private final ModuleShape shape = ModuleShape.of(TcpTransportProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackageAndEveryPackageStartsWithIt() {
        shape.assertNamed(MODULE, TcpTransportProvider.class);
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void exportsNothingAndProvidesTheTransport() {
        shape.assertExportsAndOpensNothing();
        shape.assertProvidesOnly(TransportProvider.class, TcpTransportProvider.class);
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(TcpTransportProvider.class);
    }

    @Test
    void theProviderIsACheapFactoryWithItsIdAndPriority() {
        // ServiceLoader on both paths is checked by TcpTransportContractTest
        TransportProvider provider = new TcpTransportProvider();
        assertEquals("tcp", provider.id());
        assertEquals(10, provider.priority());
        ModuleShape.assertCheapFactory(TcpTransportProvider.class);
    }
}
