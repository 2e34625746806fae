package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.TransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shape of the {@code io.chorus.transport.tcp} module (STYLE conventions 1, 3 and 6, and the services trap). */
class TcpModuleTest {
    private static final String MODULE = "io.chorus.transport.tcp";
    private static final String SERVICE = TransportProvider.class.getName();
    private static final String PROVIDER = TcpTransportProvider.class.getName();

    private static Module module() {
        Module module = TcpTransportProvider.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        return module;
    }

    @Test
    void moduleNameIsTheRootPackageAndEveryPackageStartsWithIt() {
        ModuleDescriptor descriptor = module().getDescriptor();
        assertEquals(MODULE, descriptor.name());
        assertEquals(MODULE, TcpTransportProvider.class.getPackageName());
        for (String p : descriptor.packages()) {
            assertTrue(p.equals(MODULE) || p.startsWith(MODULE + "."), () -> "package " + p + " is outside " + MODULE);
        }
    }

    @Test
    void exportsNothingAndProvidesTheTransport() {
        ModuleDescriptor descriptor = module().getDescriptor();
        assertTrue(descriptor.exports().isEmpty(), () -> "exports: " + descriptor.exports());
        assertTrue(descriptor.opens().isEmpty(), () -> "opens: " + descriptor.opens());
        List<String> provided = descriptor.provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream())
                .toList();
        assertEquals(List.of(PROVIDER), provided);
        assertEquals(1, descriptor.provides().size());
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() throws IOException {
        List<String> provided = module().getDescriptor().provides().stream()
                .flatMap(p -> p.providers().stream())
                .toList();
        assertEquals(provided, servicesFile());
    }

    @Test
    void theProviderIsTheOnlyPublicClass() throws IOException, ClassNotFoundException {
        ResolvedModule resolved = module().getLayer().configuration().findModule(MODULE).orElseThrow();
        List<String> classes;
        try (ModuleReader reader = resolved.reference().open()) {
            classes = reader.list()
                    .filter(n -> n.endsWith(".class") && !n.equals("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toList());
        }
        assertTrue(classes.contains(PROVIDER), () -> "classes: " + classes);
        for (String name : classes) {
            Class<?> type = Class.forName(name);
            if (!name.endsWith("Test") && !type.getName().equals(PROVIDER)) {
                assertTrue(!Modifier.isPublic(type.getModifiers()), name + " should not be public");
            }
        }
    }

    @Test
    void serviceLoaderFindsACheapFactoryWithItsIdAndPriority() throws ReflectiveOperationException {
        Module module = module();
        module.addUses(TransportProvider.class);
        List<ServiceLoader.Provider<TransportProvider>> found = ServiceLoader.load(TransportProvider.class).stream()
                .filter(p -> p.type() == TcpTransportProvider.class)
                .toList();
        assertEquals(1, found.size());
        TransportProvider provider = found.get(0).get();
        assertEquals("tcp", provider.id());
        assertTrue(provider.id().matches("[a-z][a-z0-9-]*"));
        assertEquals(10, provider.priority());
        assertTrue(Modifier.isPublic(TcpTransportProvider.class.getConstructor().getModifiers()));
        assertTrue(Modifier.isFinal(TcpTransportProvider.class.getModifiers()));
    }

    private static List<String> servicesFile() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = module().getResourceAsStream("META-INF/services/" + SERVICE)) {
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
