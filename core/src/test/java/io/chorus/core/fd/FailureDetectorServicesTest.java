package io.chorus.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.FailureDetectorProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module descriptor (module path) and META-INF/services (class path) must declare the same providers. */
class FailureDetectorServicesTest {
    private static final String SERVICE = FailureDetectorProvider.class.getName();

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() throws IOException {
        Module module = getClass().getModule();
        ModuleDescriptor descriptor = module.getDescriptor();
        assertNotNull(descriptor, "tests run on the module path, patched into io.chorus.core");
        List<String> provided = descriptor.provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream())
                .toList();
        assertEquals(List.of(
                "io.chorus.core.fd.SwimFailureDetectorProvider",
                "io.chorus.core.fd.PhiAccrualFailureDetectorProvider",
                "io.chorus.core.fd.HeartbeatFailureDetectorProvider"), provided);
        assertEquals(provided, servicesFile(module));
    }

    @Test
    void eachProviderIsAPublicFactoryWithANoArgConstructor() throws ReflectiveOperationException, IOException {
        for (String name : servicesFile(getClass().getModule())) {
            Class<?> type = Class.forName(name);
            assertTrue(Modifier.isPublic(type.getModifiers()), name);
            assertTrue(FailureDetectorProvider.class.isAssignableFrom(type), name);
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), name);
        }
    }

    private static List<String> servicesFile(Module module) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = module.getResourceAsStream("META-INF/services/" + SERVICE)) {
            assertNotNull(in, "META-INF/services/" + SERVICE + " is missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
