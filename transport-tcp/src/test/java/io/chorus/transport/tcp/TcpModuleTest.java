package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.TransportProvider;
import io.chorus.testkit.ModuleShape;
import java.util.List;
import java.util.ServiceLoader;
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
    void serviceLoaderFindsACheapFactoryWithItsIdAndPriority() {
        Module module = TcpTransportProvider.class.getModule();
        module.addUses(TransportProvider.class);
        List<ServiceLoader.Provider<TransportProvider>> found = ServiceLoader.load(TransportProvider.class).stream()
                .filter(p -> p.type() == TcpTransportProvider.class)
                .toList();
        assertEquals(1, found.size());
        TransportProvider provider = found.get(0).get();
        assertEquals("tcp", provider.id());
        assertTrue(provider.id().matches("[a-z][a-z0-9-]*"));
        assertEquals(10, provider.priority());
        ModuleShape.assertCheapFactory(TcpTransportProvider.class);
    }
}
