package io.chorus.security.hmac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.MessageSignerProvider;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.security.hmac} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, and the descriptor and META-INF/services agree.
 */
class HmacModuleTest {
    private static final String MODULE = "io.chorus.security.hmac";
    private static final String SERVICE = MessageSignerProvider.class.getName();

    private static ModuleDescriptor descriptor() {
        Module module = HmacSignerProvider.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        return module.getDescriptor();
    }

    @Test
    void moduleNameIsTheRootPackage() {
        assertEquals(MODULE, descriptor().name());
        assertEquals(MODULE, HmacSignerProvider.class.getPackageName());
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        for (String p : descriptor().packages()) {
            assertTrue(p.equals(MODULE) || p.startsWith(MODULE + "."), () -> "package " + p + " is outside " + MODULE);
        }
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApiAndBouncyCastle() {
        ModuleDescriptor d = descriptor();
        assertEquals(Set.of(), d.exports());
        assertEquals(Set.of(), d.opens());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "io.chorus.api", "org.bouncycastle.provider"), requires);
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() throws IOException {
        List<String> provided = descriptor().provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream())
                .toList();
        assertEquals(List.of(HmacSignerProvider.class.getName()), provided);
        assertEquals(1, descriptor().provides().size(), "it provides nothing else");
        assertEquals(provided, servicesFile());
    }

    @Test
    void theProviderIsTheOnlyPublicClass() throws IOException, ClassNotFoundException {
        ResolvedModule resolved = ModuleLayer.boot().configuration().findModule(MODULE).orElseThrow();
        List<String> publicClasses = new ArrayList<>();
        try (ModuleReader reader = resolved.reference().open()) {
            for (String resource : reader.list().toList()) {
                if (!resource.endsWith(".class") || resource.equals("module-info.class")) {
                    continue;
                }
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                Class<?> type = Class.forName(name, false, HmacSignerProvider.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers()) && type.getEnclosingClass() == null) {
                    publicClasses.add(name);
                }
            }
        }
        assertEquals(List.of(HmacSignerProvider.class.getName()), publicClasses);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() throws NoSuchMethodException {
        assertTrue(Modifier.isPublic(HmacSignerProvider.class.getModifiers()));
        assertTrue(Modifier.isFinal(HmacSignerProvider.class.getModifiers()));
        assertTrue(Modifier.isPublic(HmacSignerProvider.class.getConstructor().getModifiers()));
    }

    private static List<String> servicesFile() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = HmacSignerProvider.class.getModule().getResourceAsStream("META-INF/services/" + SERVICE)) {
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
