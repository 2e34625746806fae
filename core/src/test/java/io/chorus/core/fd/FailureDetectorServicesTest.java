package io.chorus.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.testkit.ModuleShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module descriptor (module path) and META-INF/services (class path) must declare the same providers. */
class FailureDetectorServicesTest {
    private final ModuleShape shape = ModuleShape.of(getClass().getModule()); // patched into io.chorus.core

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        assertEquals(List.of(
                "io.chorus.core.fd.SwimFailureDetectorProvider",
                "io.chorus.core.fd.PhiAccrualFailureDetectorProvider",
                "io.chorus.core.fd.HeartbeatFailureDetectorProvider"), shape.providers(FailureDetectorProvider.class));
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void eachProviderIsAPublicFactoryWithANoArgConstructor() {
        shape.assertProvidersArePublicWithNoArgConstructors();
    }
}
