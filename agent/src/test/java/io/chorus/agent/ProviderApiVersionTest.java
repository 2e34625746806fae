package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.Provider;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every provider Chorus ships declares the api it was built for, so that a chorus-api older than
 * one of its modules is refused by name rather than failing later on a missing method.
 */
class ProviderApiVersionTest {

    @Test
    void everyShippedProviderDeclaresTheApiItWasBuiltFor() throws ReflectiveOperationException {
        List<String> checked = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (Module module : ModuleLayer.boot().modules()) {
            if (!module.getName().startsWith("io.chorus.")) {
                continue;
            }
            for (ModuleDescriptor.Provides p : module.getDescriptor().provides()) {
                if (!p.service().startsWith("io.chorus.api.spi.")) {
                    continue;
                }
                for (String name : p.providers()) {
                    Class<?> type = Class.forName(name, false, module.getClassLoader());
                    Method m = type.getMethod("apiVersion");
                    if (m.getDeclaringClass() == Provider.class) {
                        undeclared.add(name);
                    }
                    checked.add(name);
                }
            }
        }
        assertTrue(checked.size() >= 15, checked::toString);
        assertEquals(List.of(), undeclared, "providers that do not override apiVersion() with ApiVersion.CURRENT");
    }
}
