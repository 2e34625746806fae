package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.testkit.ModuleShape;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Guards the shape of the {@code io.chorus.agent} module (STYLE convention 1) and its entry point. */
class AgentModuleTest {

    private static final String MODULE = "io.chorus.agent";
    private final ModuleShape shape = ModuleShape.of(Main.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, Main.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void theLauncherCanStartMain() throws NoSuchMethodException {
        assertTrue(Modifier.isPublic(Main.class.getModifiers()));
        int modifiers = Main.class.getMethod("main", String[].class).getModifiers();
        assertTrue(Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers));
    }
}
