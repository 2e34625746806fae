package io.chorus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.testkit.ModuleShape;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Guards the module: its name and packages, and that it needs the api and micrometer-core only. */
class ModuleTest {
    private final ModuleShape shape = ModuleShape.of(ChorusMetrics.class.getModule());

    @Test
    void theModuleIsNamedForItsRootPackageAndExportsIt() {
        shape.assertNamed("io.chorus.micrometer");
        shape.assertEveryPackageStartsWithTheModuleName();
        shape.assertNoPackageSegmentEndsInADigit();
        ModuleDescriptor d = shape.descriptor();
        assertEquals(Set.of("io.chorus.micrometer"), d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertTrue(d.provides().isEmpty() && d.uses().isEmpty());
    }

    @Test
    void itRequiresTheApiAndMicrometerCoreOnlyNeverTheEngine() {
        shape.assertRequiresExactly("java.base", "io.chorus.api", "micrometer.core");
    }
}
