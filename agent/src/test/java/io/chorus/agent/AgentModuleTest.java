package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Guards the shape of the {@code io.chorus.agent} module (STYLE convention 1) and its entry point. */
class AgentModuleTest {

    private static final String MODULE = "io.chorus.agent";

    private static ModuleDescriptor descriptor() {
        Module module = Main.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        return module.getDescriptor();
    }

    @Test
    void moduleNameIsTheRootPackage() {
        assertEquals(MODULE, descriptor().name());
        assertEquals(MODULE, Main.class.getPackageName());
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        for (String p : descriptor().packages()) {
            assertTrue(p.equals(MODULE) || p.startsWith(MODULE + "."), () -> "package " + p + " is outside " + MODULE);
        }
    }

    @Test
    void theLauncherCanStartMain() throws NoSuchMethodException {
        assertTrue(Modifier.isPublic(Main.class.getModifiers()));
        int modifiers = Main.class.getMethod("main", String[].class).getModifiers();
        assertTrue(Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers));
    }
}
